package dev.pubsub.test.emitter;

/**
 * Holds the SUBSCRIBE and UNSUBSCRIBE packets of the embedded broker while closed: a connection
 * that reads one waits before handling it (so it is not answered, and what the client sends after
 * it waits behind it) until the gate opens, for tests that need the window between a request and
 * its acknowledgement to stay open.
 */
final class PacketGate {

	private boolean closed;

	private int waiting;

	synchronized void close() {
		this.closed = true;
	}

	synchronized void open() {
		this.closed = false;
		notifyAll();
	}

	synchronized int waiting() {
		return this.waiting;
	}

	/**
	 * Wait while the gate is closed.
	 * @throws InterruptedException if interrupted while waiting
	 */
	synchronized void pass() throws InterruptedException {
		this.waiting++;
		try {
			while (this.closed) {
				wait();
			}
		}
		finally {
			this.waiting--;
		}
	}

}
