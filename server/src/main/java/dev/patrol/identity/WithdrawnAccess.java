package dev.patrol.identity;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.repository.OwnerOrganizations;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Every OIDC-authenticated call (the API, the administration API, the web pages, introspection by an
 * OIDC client) passes here, once: an OIDC token issued before the identity provider disabled or
 * deleted its subject is refused (403), and one issued before the subject's organizations were
 * narrowed keeps its organization-administrator roles only for organizations the subject still
 * belongs to. A token issued afterwards carries the provider's current claims and is taken as it is.
 * PATs are judged by validation, not here.
 */
@ApplicationScoped
public class WithdrawnAccess implements SecurityIdentityAugmentor {

    @Inject
    OwnerOrganizations owners;

    @Inject
    PatrolConfig config;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getSubject() == null) {
            return Uni.createFrom().item(identity);
        }
        Instant issuedAt = Instant.ofEpochSecond(jwt.getIssuedAtTime());
        return owners.standing(jwt.getSubject()).map(standing -> {
            if (standing == null) {
                return identity;
            }
            if (standing.disabledAt() != null && !issuedAt.isAfter(standing.disabledAt())) {
                throw new AccessWithdrawnException(AccessWithdrawnException.DISABLED);
            }
            if (standing.narrowedAt() != null && !issuedAt.isAfter(standing.narrowedAt())) {
                return withoutAdministrationOutside(identity, standing.organizations());
            }
            return identity;
        });
    }

    /** The identity without {@code org-admin:NAME} roles for organizations not in {@code organizations}. */
    private SecurityIdentity withoutAdministrationOutside(SecurityIdentity identity, Set<String> organizations) {
        String prefix = config.identity().organizationAdminRolePrefix();
        Set<String> roles = identity.getRoles().stream()
                .filter(r -> !r.startsWith(prefix) || organizations.contains(r.substring(prefix.length())))
                .collect(Collectors.toSet());
        if (roles.size() == identity.getRoles().size()) {
            return identity;
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .setAnonymous(false)
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(roles)
                .addPermissionChecker(identity::checkPermission)
                .build();
    }
}
