package dev.patrol.service;

/**
 * The filters and paging of the audit, as the API's query parameters carry them (null or blank:
 * not filtered, or the default); {@link AuditService#page} checks them.
 */
public record AuditQuery(
        String owner,
        String token,
        String organization,
        String type,
        String actor,
        String actorKind,
        String clientIp,
        String from,
        String to,
        Integer limit,
        String cursor) {}
