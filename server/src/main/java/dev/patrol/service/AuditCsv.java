package dev.patrol.service;

import java.util.List;

import dev.patrol.repository.AuditQueries;

/**
 * The audit as CSV (RFC 4180) for auditors' spreadsheets. A cell that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) is prefixed with a quote: token names
 * and notes come from people.
 */
public final class AuditCsv {

    static final String HEADER =
            "occurredAt,eventId,tokenId,owner,type,version,actorKind,actorId,clientIp,userAgent,reason,note\r\n";

    private AuditCsv() {}

    public static String of(List<AuditQueries.Entry> entries) {
        StringBuilder out = new StringBuilder(HEADER);
        for (AuditQueries.Entry e : entries) {
            row(
                    out,
                    e.occurredAt().toString(),
                    e.eventId().toString(),
                    e.tokenId().toString(),
                    e.owner(),
                    e.type(),
                    Long.toString(e.version()),
                    e.actorKind(),
                    e.actorId(),
                    e.clientIp(),
                    e.userAgent(),
                    e.reason(),
                    e.note());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells[i]));
        }
        out.append("\r\n");
    }

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
