package dev.patrol.notice;

import java.util.ArrayList;
import java.util.List;

import dev.patrol.repository.Notices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The e-mail for a notice: subject, plain text and HTML, from the notice's data (docs/notices.md).
 * Everything from people (token names, notes) is escaped in the HTML part.
 */
record NoticeMail(String subject, String text, String html) {

    static NoticeMail of(String type, JsonObject data, String baseUrl) {
        String name = data.getString("name", "");
        String expiresAt = data.getString("expiresAt", "");
        String headline;
        String next;
        switch (type) {
            case Notices.EXPIRING -> {
                int days = data.getInteger("daysBefore", 0);
                headline = "Your Patrol token \"" + name + "\" expires in " + days + (days == 1 ? " day" : " days");
                next = "On " + expiresAt + " it stops working, and the tools that use it will be refused. "
                        + "Extend it, or regenerate it with a new expiry, before then if they still need it.";
            }
            case Notices.EXPIRED -> {
                headline = "Your Patrol token \"" + name + "\" has expired";
                next = "It expired at " + expiresAt + " and is refused from now on. Regenerate it if the tools "
                        + "that used it still need it; it then gets a new secret and a new expiry.";
            }
            case "patrol.token.revoked" -> {
                headline = "Your Patrol token \"" + name + "\" was revoked";
                String note = data.getString("note");
                next = "It was revoked (" + data.getString("reason", "") + ") by " + data.getString("actorId", "")
                        + (note == null ? "" : ": " + note)
                        + ". It is refused from now on and cannot be used again; create a new token if you need one.";
            }
            case "patrol.token.cut-from-organization" -> {
                String org = data.getString("organization", "");
                String note = data.getString("note");
                headline = "Your Patrol token \"" + name + "\" no longer works in " + org;
                next = "An administrator (" + data.getString("actorId", "") + ") cut it from " + org
                        + (note == null ? "" : ": " + note)
                        + ". It keeps working in its other organizations; it cannot be bound to " + org + " again.";
            }
            case "patrol.token.approved-in-organization" -> {
                String org = data.getString("organization", "");
                String note = data.getString("note");
                headline = "Your Patrol token \"" + name + "\" was approved in " + org;
                next = "An administrator of " + org + " (" + data.getString("actorId", "") + ") approved it"
                        + (note == null ? "" : ": " + note)
                        + ". It acts there from now on; widening its scopes or extending its expiry needs approval again.";
            }
            default -> {
                headline = "A Patrol token with broad access was created: \"" + name + "\"";
                next = "It grants " + String.join(" and ", strings(data.getJsonArray("broadAccess")))
                        + ". If you did not create it, revoke it now.";
            }
        }
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Token", name});
        facts.add(new String[] {
            "Organizations",
            data.getBoolean("allOrganizations", false)
                    ? "all of yours"
                    : String.join(", ", strings(data.getJsonArray("organizations")))
        });
        facts.add(new String[] {"Scopes", String.join(", ", strings(data.getJsonArray("scopes")))});
        facts.add(new String[] {"Expires (UTC)", expiresAt});
        String link =
                baseUrl == null ? null : baseUrl.replaceAll("/+$", "") + "/ui/tokens/" + data.getString("tokenId", "");

        StringBuilder text = new StringBuilder(headline).append("\n\n");
        facts.forEach(f -> text.append(f[0]).append(": ").append(f[1]).append('\n'));
        text.append('\n').append(next).append('\n');
        if (link != null) {
            text.append("\nYour token: ").append(link).append('\n');
        }
        StringBuilder html = new StringBuilder("<!doctype html><html><body><h1>")
                .append(escape(headline))
                .append("</h1><table>");
        facts.forEach(f -> html.append("<tr><th align=\"left\">")
                .append(escape(f[0]))
                .append("</th><td>")
                .append(escape(f[1]))
                .append("</td></tr>"));
        html.append("</table><p>").append(escape(next)).append("</p>");
        if (link != null) {
            html.append("<p><a href=\"").append(escape(link)).append("\">Open your token</a></p>");
        }
        html.append("</body></html>");
        return new NoticeMail(headline, text.toString(), html.toString());
    }

    private static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
