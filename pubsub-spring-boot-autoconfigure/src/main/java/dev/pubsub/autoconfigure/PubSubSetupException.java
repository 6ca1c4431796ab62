package dev.pubsub.autoconfigure;

/**
 * Thrown at startup when a {@code pubsub.*} property turns on a feature that cannot run in this
 * application (a library it needs is missing, or the application is not the kind of web
 * application the feature needs), so that the feature is never silently off.
 * {@link PubSubSetupFailureAnalyzer} turns it into Boot's "APPLICATION FAILED TO START"
 * description and action.
 */
public class PubSubSetupException extends IllegalStateException {

	/** The dependency that brings Spring MVC on an embedded servlet container. */
	public static final String WEBMVC_STARTER = "org.springframework.boot:spring-boot-starter-webmvc";

	private final String description;

	private final String action;

	/**
	 * Create an exception.
	 * @param description what is wrong
	 * @param action how to fix it
	 */
	public PubSubSetupException(String description, String action) {
		super(description + " " + action);
		this.description = description;
		this.action = action;
	}

	/**
	 * Return what is wrong.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return how to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

	static PubSubSetupException needsServletWebApplication(String property, String feature, String needs) {
		return new PubSubSetupException(property + "=true turns on " + feature + ", but this application is not a"
				+ " servlet web application with " + needs + ", so the endpoint would not exist.",
				"Add the dependency " + WEBMVC_STARTER + " (Spring MVC on embedded Tomcat) and do not set"
						+ " spring.main.web-application-type to none or reactive, or set " + property + "=false.");
	}

}
