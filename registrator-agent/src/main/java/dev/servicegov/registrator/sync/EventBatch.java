package dev.servicegov.registrator.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The work queued since the worker last looked, in arrival order. A burst brings several events per container
 * (network connect, start, health_status...): the container is inspected once, at its last such event; the events
 * that end a container's life keep their order and need no inspection. A network event takes that place only when
 * the container has no other such event in the batch: a starting container connects to its networks before its
 * {@code start}, which is the event to inspect it at.
 */
final class EventBatch {

    private static final Set<String> END_OF_LIFE = Set.of("stop", "oom", "die", "destroy", "kill");
    private static final Set<String> NETWORK = Set.of("connect", "disconnect");

    private final List<WorkItem> items;
    private final Map<String, Integer> lastInspection = new HashMap<>();

    private EventBatch(List<WorkItem> items) {
        this.items = items;
        Map<String, Integer> lastNetworkEvent = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof WorkItem.ContainerEvent event && needsInspection(event)) {
                (isNetwork(event) ? lastNetworkEvent : lastInspection).put(event.containerId(), i);
            }
        }
        lastNetworkEvent.forEach(lastInspection::putIfAbsent);
    }

    /** Waits up to {@code waitMillis} for a first item, then takes everything queued. */
    static EventBatch drain(BlockingQueue<WorkItem> queue, long waitMillis) throws InterruptedException {
        List<WorkItem> items = new ArrayList<>();
        for (WorkItem item = queue.poll(waitMillis, TimeUnit.MILLISECONDS); item != null; item = queue.poll()) {
            items.add(item);
        }
        return new EventBatch(items);
    }

    int size() {
        return items.size();
    }

    WorkItem get(int index) {
        return items.get(index);
    }

    /** Whether the container of the event at {@code index} is to be inspected there. */
    boolean inspectAt(int index) {
        return items.get(index) instanceof WorkItem.ContainerEvent event
                && (!needsInspection(event) || lastInspection.get(event.containerId()) == index);
    }

    private static boolean needsInspection(WorkItem.ContainerEvent event) {
        return !END_OF_LIFE.contains(event.action());
    }

    private static boolean isNetwork(WorkItem.ContainerEvent event) {
        return NETWORK.contains(event.action());
    }
}
