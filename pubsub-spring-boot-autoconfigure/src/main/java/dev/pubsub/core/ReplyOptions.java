package dev.pubsub.core;

/**
 * Options of a reply sent through a {@link ReplyHandle}.
 *
 * @param status the reply status ({@code ok} by default)
 * @param compress ask for a compressed delivery, where supported
 */
public record ReplyOptions(String status, boolean compress) {

	private static final ReplyOptions DEFAULTS = new ReplyOptions("ok", false);

	/**
	 * Status {@code ok}, no compression.
	 * @return the default options
	 */
	public static ReplyOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Options with the given status and no compression.
	 * @param status the status
	 * @return the options
	 */
	public static ReplyOptions status(String status) {
		return new ReplyOptions(status, false);
	}

}
