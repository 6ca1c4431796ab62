package dev.pubsub.test.realtime;

import java.time.Duration;

/**
 * The gateway's switchable behaviour; tests change it while the gateway runs.
 */
final class GatewaySettings {

	private volatile AckMode ackMode;

	private volatile Duration ackDelay = Duration.ZERO;

	private volatile boolean presence;

	private final int recordedFrames;

	private volatile boolean acceptThenClose;

	GatewaySettings(AckMode ackMode, boolean presence, int recordedFrames) {
		this.ackMode = ackMode;
		this.presence = presence;
		this.recordedFrames = recordedFrames;
	}

	AckMode ackMode() {
		return this.ackMode;
	}

	void ackMode(AckMode ackMode) {
		this.ackMode = ackMode;
	}

	Duration ackDelay() {
		return this.ackDelay;
	}

	void ackDelay(Duration ackDelay) {
		this.ackDelay = ackDelay;
	}

	boolean presence() {
		return this.presence;
	}

	void presence(boolean presence) {
		this.presence = presence;
	}

	int recordedFrames() {
		return this.recordedFrames;
	}

	boolean acceptThenClose() {
		return this.acceptThenClose;
	}

	void acceptThenClose(boolean acceptThenClose) {
		this.acceptThenClose = acceptThenClose;
	}

}
