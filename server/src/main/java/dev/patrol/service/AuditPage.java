package dev.patrol.service;

import java.util.List;

import dev.patrol.repository.AuditQueries;

/** A page of the audit and the cursor of the next one (null at the end). */
public record AuditPage(List<AuditQueries.Entry> items, String nextCursor) {}
