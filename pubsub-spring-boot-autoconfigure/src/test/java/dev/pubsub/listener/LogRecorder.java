package dev.pubsub.listener;

import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Records what one class logs (through Logback, Spring Boot's default backend) at a chosen level,
 * for tests that assert the exact line a failure produces. Restores the logger on {@link #close()}.
 */
public final class LogRecorder implements AutoCloseable {

	private final Logger logger;

	private final @Nullable Level previousLevel;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private LogRecorder(Class<?> source, Level level) {
		this.logger = (Logger) LoggerFactory.getLogger(source);
		this.previousLevel = this.logger.getLevel();
		this.logger.setLevel(level);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/**
	 * Record what the class logs at DEBUG and above.
	 * @param source the class whose logger to record
	 * @return the recorder
	 */
	public static LogRecorder debug(Class<?> source) {
		return new LogRecorder(source, Level.DEBUG);
	}

	/**
	 * Record what the class logs at INFO and above (DEBUG off).
	 * @param source the class whose logger to record
	 * @return the recorder
	 */
	public static LogRecorder info(Class<?> source) {
		return new LogRecorder(source, Level.INFO);
	}

	/**
	 * Return the formatted lines of one level.
	 * @param level {@code "ERROR"}, {@code "WARN"}, {@code "INFO"} or {@code "DEBUG"}
	 * @return the lines, in order
	 */
	public List<String> lines(String level) {
		return events().stream()
			.filter((event) -> event.getLevel().toString().equals(level))
			.map(ILoggingEvent::getFormattedMessage)
			.collect(Collectors.toList());
	}

	/**
	 * Return the throwables logged with the lines of one level ({@code null} for a line without one).
	 * @param level the level
	 * @return the throwables, in order
	 */
	public List<@Nullable Throwable> throwables(String level) {
		return events().stream()
			.filter((event) -> event.getLevel().toString().equals(level))
			.map((event) -> throwable(event.getThrowableProxy()))
			.collect(Collectors.toList());
	}

	private static @Nullable Throwable throwable(@Nullable IThrowableProxy proxy) {
		return (proxy instanceof ThrowableProxy throwableProxy) ? throwableProxy.getThrowable() : null;
	}

	private List<ILoggingEvent> events() {
		synchronized (this.appender) {
			return List.copyOf(this.appender.list);
		}
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.logger.setLevel(this.previousLevel);
		this.appender.stop();
	}

}
