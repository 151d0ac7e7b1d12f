package dev.patrol.service;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.Actor;
import dev.patrol.validation.ClientAddress;
import dev.patrol.validation.Presenter;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The person behind the current request, as their OIDC access token describes them. */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken jwt;

    @Inject
    PatrolConfig config;

    @Inject
    HttpServerRequest request;

    @Inject
    ClientAddress clientAddress;

    @Inject
    SecurityIdentity identity;

    /** Stable subject id: tokens are owned by it. */
    public String subject() {
        return jwt.getSubject();
    }

    /** When the caller's OIDC token was issued (the epoch when it does not say: treated as old). */
    public java.time.Instant issuedAt() {
        return java.time.Instant.ofEpochSecond(jwt.getIssuedAtTime());
    }

    /** The caller's e-mail address from the OIDC {@code email} claim, or null (notices are mailed there). */
    public String email() {
        Object claim = jwt.getClaim("email");
        String email = claim == null ? null : unquote(claim.toString().strip());
        return email == null || email.isEmpty() || email.length() > 320 || !email.contains("@") ? null : email;
    }

    public Actor asUser() {
        Presenter presenter = clientAddress.presenter(request);
        return Actor.user(subject(), presenter.clientIp(), presenter.userAgent());
    }

    /** The caller acting as an administrator (on someone else's tokens, or on policies). */
    public Actor asAdmin() {
        Presenter presenter = clientAddress.presenter(request);
        return Actor.admin(subject(), presenter.clientIp(), presenter.userAgent());
    }

    /** Whether the caller has the administrators' role (every organization). */
    public boolean isAdmin() {
        return identity.hasRole(config.identity().adminRole());
    }

    /** The organizations the caller administers through {@code org-admin:NAME} roles (not members'). */
    public Set<String> administeredOrganizations() {
        String prefix = config.identity().organizationAdminRolePrefix();
        Set<String> orgs = new TreeSet<>();
        for (String role : identity.getRoles()) {
            if (role.startsWith(prefix) && role.length() > prefix.length()) {
                orgs.add(role.substring(prefix.length()));
            }
        }
        return orgs;
    }

    /**
     * Null when the caller governs {@code organization} (a central administrator, or one of its
     * own), else the 403 naming what they do govern.
     */
    public Refusal mayGovern(String organization) {
        if (isAdmin()) {
            return null;
        }
        Set<String> mine = administeredOrganizations();
        if (organization != null && mine.contains(organization)) {
            return null;
        }
        return Refusal.forbidden(
                mine.isEmpty() ? "you may not do this" : "you administer " + String.join(", ", mine) + " only");
    }

    /** The caller's organizations from the configured claim (array or comma-separated string). */
    public Set<String> organizations() {
        Object claim = jwt.getClaim(config.identity().organizationsClaim());
        Set<String> orgs = new LinkedHashSet<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(v -> orgs.add(unquote(String.valueOf(v))));
        } else if (claim instanceof jakarta.json.JsonArray array) {
            array.forEach(v -> orgs.add(unquote(v.toString())));
        } else if (claim != null) {
            for (String s : claim.toString().split(",")) {
                if (!s.isBlank()) {
                    orgs.add(s.strip());
                }
            }
        } else {
            List<String> fallback = config.identity().fallbackOrganizations().get(subject());
            if (fallback != null) {
                orgs.addAll(fallback);
            }
        }
        return orgs;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
