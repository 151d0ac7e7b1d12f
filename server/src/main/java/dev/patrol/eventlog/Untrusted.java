package dev.patrol.eventlog;

/**
 * Text taken from a record someone else wrote (a header, a field of its payload), made safe to echo
 * into a database column, a log line or a header: PostgreSQL's text refuses NUL (and a refused row
 * must never stall a partition), and control or invisible characters would forge log lines or hide
 * what an operator reads.
 */
public final class Untrusted {

    private Untrusted() {}

    /**
     * {@code text} with every control, format (zero-width, bidirectional) and unpaired surrogate
     * character written as {@code \\uXXXX}, cut to at most {@code max} characters (then ending in "...").
     */
    public static String printable(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        int i = 0;
        for (; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT
                    || (Character.isSurrogate(c) && !paired)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        boolean cut = i < text.length() || out.length() > max;
        if (out.length() > max) {
            out.setLength(max);
        }
        if (out.length() > 0 && Character.isHighSurrogate(out.charAt(out.length() - 1))) {
            out.setLength(out.length() - 1); // never half a pair
        }
        return cut ? out + "..." : out.toString();
    }
}
