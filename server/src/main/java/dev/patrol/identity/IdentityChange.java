package dev.patrol.identity;

import java.util.Set;

/**
 * What an identity lifecycle event says about a person (docs/identity.md). Every kind can only take
 * access away: organizations are narrowed, never widened, so whoever can write the topic cannot
 * grant anything.
 */
public record IdentityChange(Kind kind, String id, String subject, String organization, Set<String> organizations) {

    /** The CloudEvents types Patrol understands, by their {@code type} attribute. */
    public enum Kind {
        DISABLED("dev.patrol.identity.user.disabled.v1"),
        DELETED("dev.patrol.identity.user.deleted.v1"),
        ORGANIZATION_REMOVED("dev.patrol.identity.user.organization-removed.v1"),
        ORGANIZATIONS_CHANGED("dev.patrol.identity.user.organizations-changed.v1");

        public final String type;

        Kind(String type) {
            this.type = type;
        }

        static Kind of(String type) {
            for (Kind k : values()) {
                if (k.type.equals(type)) {
                    return k;
                }
            }
            return null;
        }
    }
}
