package dev.relink.channel;

/** Recipients as the delivery log shows them: enough to recognise, not enough to harvest. */
final class Masking {

    private Masking() {
    }

    /** {@code +5215512341234} → {@code +52*******1234}. */
    static String phone(String to) {
        if (to == null) {
            return null;
        }
        int keepEnd = Math.min(4, Math.max(0, to.length() - 3));
        int keepStart = Math.min(3, to.length() - keepEnd);
        return to.substring(0, keepStart) + "*".repeat(to.length() - keepStart - keepEnd) + to.substring(to.length() - keepEnd);
    }

    /** {@code juan@example.com} → {@code j***@example.com}. */
    static String email(String to) {
        if (to == null) {
            return null;
        }
        int at = to.lastIndexOf('@');
        return at <= 0 ? "***" : to.charAt(0) + "***" + to.substring(at);
    }
}
