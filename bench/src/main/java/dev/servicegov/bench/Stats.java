package dev.servicegov.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median, p99 and worst of a list of figures, printed the same way by every benchmark. */
final class Stats {

    private final List<Double> values;

    Stats(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        this.values = List.copyOf(sorted);
    }

    double median() {
        return percentile(50);
    }

    /** Nearest-rank percentile. */
    double percentile(double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * values.size());
        return values.get(Math.max(0, Math.min(values.size() - 1, rank - 1)));
    }

    double worst() {
        return values.isEmpty() ? Double.NaN : values.get(values.size() - 1);
    }

    int count() {
        return values.size();
    }

    String line(String what, String unit) {
        return String.format(Locale.ROOT, "%-44s n=%-4d median=%8.1f %s  p99=%8.1f %s  worst=%8.1f %s",
                what, count(), median(), unit, percentile(99), unit, worst(), unit);
    }

    String json(String benchmark, String what) {
        return String.format(Locale.ROOT, "{\"benchmark\":\"%s\",\"measure\":\"%s\",\"n\":%d,\"median\":%.2f,\"p99\":%.2f,\"worst\":%.2f}",
                benchmark, what, count(), median(), percentile(99), worst());
    }
}
