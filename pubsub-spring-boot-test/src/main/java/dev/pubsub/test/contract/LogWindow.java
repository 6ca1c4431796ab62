package dev.pubsub.test.contract;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.test.system.CapturedOutput;

/**
 * The log lines written while one phase of a contract test ran, from Boot's {@link CapturedOutput}. Counts
 * only what the client side logged at {@code WARN} or {@code ERROR}: lines of the embedded servers'
 * loggers ({@code dev.pubsub.test.*}) and of the servlet container are the server's, not the client's.
 */
public final class LogWindow {

	private static final Pattern LEVEL = Pattern.compile("\\b(WARN|ERROR)\\b");

	private final CapturedOutput output;

	private final int start;

	private final long startNanos;

	private LogWindow(CapturedOutput output) {
		this.output = output;
		this.start = output.getAll().length();
		this.startNanos = System.nanoTime();
	}

	/**
	 * Start a window at the current end of the output.
	 * @param output the captured output
	 * @return the window
	 */
	public static LogWindow start(CapturedOutput output) {
		return new LogWindow(output);
	}

	/**
	 * The client-side {@code WARN}/{@code ERROR} lines written since the window started.
	 * @return the lines
	 */
	public List<String> clientWarnings() {
		String all = this.output.getAll();
		return all.substring(Math.min(this.start, all.length()))
			.lines()
			.filter((line) -> LEVEL.matcher(line).find())
			.filter((line) -> !line.contains("dev.pubsub.test.") && !line.contains("org.apache."))
			.toList();
	}

	/**
	 * The seconds since the window started, at least one.
	 * @return the elapsed time in whole seconds, rounded up
	 */
	public long elapsedSeconds() {
		long millis = (System.nanoTime() - this.startNanos) / 1_000_000;
		return Math.max(1, (millis + 999) / 1000);
	}

	/**
	 * The most lines the contract allows for the window so far: a few per second plus a constant for the
	 * lines a phase logs once (a drop, a reconnect).
	 * @param perSecond lines allowed per elapsed second
	 * @param constant lines allowed in any case
	 * @return the allowance
	 */
	public long allowance(int perSecond, int constant) {
		return elapsedSeconds() * perSecond + constant;
	}

}
