package dev.pubsub.listener;

/**
 * Bean names of the listener infrastructure.
 */
public final class PubSubListenerConfigUtils {

	/** The bean name of the annotation post-processor. */
	public static final String PUBSUB_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME = "dev.pubsub.listener.internalPubSubListenerAnnotationProcessor";

	/** The bean name of the endpoint registry. */
	public static final String PUBSUB_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME = "dev.pubsub.listener.internalPubSubListenerEndpointRegistry";

	/** The bean name of the default container factory. */
	public static final String DEFAULT_CONTAINER_FACTORY_BEAN_NAME = "pubSubListenerContainerFactory";

	private PubSubListenerConfigUtils() {
	}

}
