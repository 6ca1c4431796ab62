package dev.pubsub.httppubsub;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.support.Failures;

/**
 * Keeps the broadcaster's subscriptions for one receive URL equal to the local ones: on connect it
 * sets them until no listener was added or removed meanwhile (a version counts the changes), sets
 * them once more if a change slipped in before the client switched to {@code CONNECTED}, and every
 * {@code resync-interval} compares them by strong etag and sets them again when they differ.
 */
final class HttpPubSubSubscriptionSync {

	private final String clientName;

	private final Log logger;

	private final Supplier<CompletableFuture<Void>> set;

	private final Supplier<CompletableFuture<Boolean>> check;

	private final BooleanSupplier connected;

	private final Consumer<Throwable> failed;

	private final ScheduledExecutorService scheduler;

	private final Duration interval;

	private final AtomicLong version = new AtomicLong();

	/** The {@link #version} the last connect's set_subscriptions carried. */
	private volatile long versionSent = -1;

	private volatile @Nullable ScheduledFuture<?> resyncTask;

	HttpPubSubSubscriptionSync(String clientName, Log logger, Supplier<CompletableFuture<Void>> set,
			Supplier<CompletableFuture<Boolean>> check, BooleanSupplier connected, Consumer<Throwable> failed,
			ScheduledExecutorService scheduler, Duration interval) {
		this.clientName = clientName;
		this.logger = logger;
		this.set = set;
		this.check = check;
		this.connected = connected;
		this.failed = failed;
		this.scheduler = scheduler;
		this.interval = interval;
	}

	/** A local subscription was added or removed. */
	void changed() {
		this.version.incrementAndGet();
	}

	/**
	 * Connect: set the subscriptions until stable, then schedule the periodic check.
	 * @return completed once set
	 */
	CompletableFuture<Void> connect() {
		return setUntilStable(0).thenRun(this::scheduleResync);
	}

	/**
	 * Set the subscriptions, and set them again if listeners were added or removed while the request
	 * was in flight (their own remote calls are skipped until the client is connected).
	 */
	private CompletableFuture<Void> setUntilStable(int round) {
		long current = this.version.get();
		return this.set.get().thenCompose((ok) -> {
			if (this.version.get() != current && round < 10) {
				return setUntilStable(round + 1);
			}
			this.versionSent = current;
			return CompletableFuture.completedFuture(null);
		});
	}

	/**
	 * Close the last gap of {@link #setUntilStable}: a change made after its final check but before
	 * the client switched to {@code CONNECTED} was sent neither in the request nor on its own; once
	 * connected, set the subscriptions again if the version moved.
	 * @param event the client's connection event
	 */
	void onConnectionEvent(ConnectionEvent event) {
		if (event.type() != ConnectionEventType.CONNECTED || this.version.get() == this.versionSent) {
			return;
		}
		this.logger.debug("Client '" + this.clientName + "': subscriptions changed while connecting; setting them again");
		long current = this.version.get();
		this.set.get().whenComplete((ok, ex) -> {
			if (ex != null) {
				this.failed.accept(Failures.unwrap(ex));
			}
			else {
				this.versionSent = current;
			}
		});
	}

	/** Stop the periodic check (on disconnect). */
	void cancelResync() {
		ScheduledFuture<?> task = this.resyncTask;
		if (task != null) {
			task.cancel(false);
			this.resyncTask = null;
		}
	}

	private void scheduleResync() {
		if (this.resyncTask == null) {
			long period = this.interval.toMillis();
			this.resyncTask = this.scheduler.scheduleWithFixedDelay(this::resync, period, period,
					TimeUnit.MILLISECONDS);
		}
	}

	private void resync() {
		if (!this.connected.getAsBoolean()) {
			return;
		}
		this.check.get().thenCompose((inSync) -> {
			if (inSync) {
				return CompletableFuture.completedFuture(null);
			}
			this.logger.info("Client '" + this.clientName + "': broadcaster subscriptions differ; setting them again");
			return this.set.get();
		}).whenComplete((ok, ex) -> {
			if (ex != null) {
				this.failed.accept(Failures.unwrap(ex));
			}
		});
	}

}
