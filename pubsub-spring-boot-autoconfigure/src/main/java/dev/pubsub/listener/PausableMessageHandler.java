package dev.pubsub.listener;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubMessageHandler;

/**
 * Holds a container's handler threads while the container is paused: a lane thread that takes a
 * message waits here before invoking the listener, so the subscription stays in place, the
 * messages behind it stay queued in order in the lane's bounded queue, and once that is full the
 * overflow policy applies. Opening the gate (resume, or stop so the queue can drain) lets every
 * waiting thread continue in its original order.
 */
final class PausableMessageHandler implements PubSubMessageHandler {

	private final PubSubMessageHandler delegate;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition opened = this.lock.newCondition();

	private boolean paused;

	private int waiting;

	PausableMessageHandler(PubSubMessageHandler delegate, boolean paused) {
		this.delegate = delegate;
		this.paused = paused;
	}

	@Override
	public void onMessage(PubSubMessage message) {
		awaitOpen();
		this.delegate.onMessage(message);
	}

	private void awaitOpen() {
		this.lock.lock();
		try {
			if (!this.paused) {
				return;
			}
			this.waiting++;
			try {
				while (this.paused) {
					this.opened.awaitUninterruptibly();
				}
			}
			finally {
				this.waiting--;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	void setPaused(boolean paused) {
		this.lock.lock();
		try {
			this.paused = paused;
			if (!paused) {
				this.opened.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the number of handler threads holding a message while paused.
	 * @return the number of waiting threads
	 */
	int waiting() {
		this.lock.lock();
		try {
			return this.waiting;
		}
		finally {
			this.lock.unlock();
		}
	}

}
