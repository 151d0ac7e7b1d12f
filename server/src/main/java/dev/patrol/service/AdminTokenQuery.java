package dev.patrol.service;

/**
 * The filters and paging of the administrators' token list, as the API's query parameters carry
 * them (null or blank: not filtered, or the default); {@link GovernanceService#list} checks them.
 */
public record AdminTokenQuery(
        String owner,
        String state,
        String organization,
        String scope,
        String expiringBefore,
        String lastUsedBefore,
        String neverUsed,
        String sort,
        String order,
        Integer limit,
        String cursor) {}
