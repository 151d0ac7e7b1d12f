package dev.patrol.domain;

import java.util.UUID;

/** An intention to change a token, decided by {@link TokenDecider} into events or a rejection. */
public sealed interface TokenCommand
        permits IssueTokenCommand,
                RenameTokenCommand,
                ChangeTokenScopesCommand,
                ChangeTokenExpiryCommand,
                ChangeTokenExpiryEmailsCommand,
                ChangeTokenNetworksCommand,
                CutTokenFromOrganizationCommand,
                ApproveTokenInOrganizationCommand,
                ChangeTokenJustificationCommand,
                RegenerateTokenCommand,
                RevokeTokenCommand {

    UUID tokenId();

    Actor actor();
}
