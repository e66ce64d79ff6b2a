package dev.servicegov.gateway.error;

/** Looks through a failure's chain of causes. */
public final class Causes {

    private Causes() {
    }

    /** Whether the failure or one of its causes is of the type. */
    public static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }
}
