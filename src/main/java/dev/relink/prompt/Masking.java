package dev.relink.prompt;

/** Recipients as the delivery log shows them: enough to recognise, not enough to harvest. */
final class Masking {

    private Masking() {
    }

    /** {@code juan@example.com} → {@code j***@example.com}; {@code +5215512341234} → {@code +52*******1234}. */
    static String recipient(String channel, String to) {
        if (to == null) {
            return null;
        }
        if ("sms".equals(channel)) {
            int keepEnd = Math.min(4, Math.max(0, to.length() - 3));
            int keepStart = Math.min(3, to.length() - keepEnd);
            return to.substring(0, keepStart) + "*".repeat(to.length() - keepStart - keepEnd)
                    + to.substring(to.length() - keepEnd);
        }
        int at = to.lastIndexOf('@');
        return at <= 0 ? "***" : to.charAt(0) + "***" + to.substring(at);
    }
}
