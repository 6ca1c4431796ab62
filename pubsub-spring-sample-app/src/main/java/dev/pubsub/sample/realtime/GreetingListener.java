package dev.pubsub.sample.realtime;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.listener.PubSubListener;

/**
 * Receives greetings ({@code greetings.*} subscribes the {@code greetings} topic) and replies.
 */
@Component
public class GreetingListener {

	private static final Log logger = LogFactory.getLog(GreetingListener.class);

	@PubSubListener(value = "greetings.*", client = "gateway")
	GreetingReply onGreeting(Greeting greeting, @Header(PubSubHeaders.MESSAGE_TYPE) String type) {
		logger.info("Listener received " + type + " #" + greeting.seq() + ": " + greeting.text());
		return new GreetingReply(greeting.seq(), "Hello back, " + greeting.text());
	}

}
