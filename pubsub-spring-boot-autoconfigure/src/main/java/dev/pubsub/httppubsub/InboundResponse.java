package dev.pubsub.httppubsub;

/**
 * What the receive or recover endpoint answers: a status and a body.
 *
 * @param status the HTTP status
 * @param body the body (empty for refusals)
 */
public record InboundResponse(int status, byte[] body) {

	static InboundResponse refuse(int status) {
		return new InboundResponse(status, new byte[0]);
	}

}
