package dev.pubsub.httppubsub;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A request body that must arrive by a deadline: once it passed, every read throws
 * {@link SocketTimeoutException}, so a peer sending a few bytes at a time cannot hold a request
 * open for longer than the receive timeout. A read that is waiting for bytes returns when the
 * container's own socket timeout ({@code server.tomcat.connection-timeout}) passes, so a peer that
 * sends nothing at all is cut off by that one.
 */
final class DeadlineInputStream extends FilterInputStream {

	private final long deadlineNanos;

	private final Duration timeout;

	DeadlineInputStream(InputStream in, Duration timeout) {
		super(in);
		this.timeout = timeout;
		this.deadlineNanos = System.nanoTime() + timeout.toNanos();
	}

	@Override
	public int read() throws IOException {
		check();
		int value = super.read();
		check();
		return value;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		check();
		int n = super.read(buffer, offset, length);
		check();
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		check();
		return super.skip(n);
	}

	private void check() throws SocketTimeoutException {
		if (System.nanoTime() - this.deadlineNanos > 0) {
			throw new SocketTimeoutException("request body not received within " + this.timeout);
		}
	}

}
