package dev.pubsub.core.observation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Records the life of every observation it sees, in order: {@code start:<name>},
 * {@code scope-opened}, {@code error:<message>}, {@code scope-closed}, {@code stop:<contextual name>}.
 */
public class RecordingObservationHandler implements ObservationHandler<Observation.Context> {

	/** The events, in order. */
	public final List<String> events = new CopyOnWriteArrayList<>();

	/** The contexts of stopped observations, in order. */
	public final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	@Override
	public void onStart(Observation.Context context) {
		this.events.add("start:" + context.getName());
	}

	@Override
	public void onError(Observation.Context context) {
		this.events.add("error:" + context.getError().getMessage());
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		this.events.add("scope-opened");
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		this.events.add("scope-closed");
	}

	@Override
	public void onStop(Observation.Context context) {
		this.events.add("stop:" + context.getContextualName());
		this.stopped.add(context);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

}
