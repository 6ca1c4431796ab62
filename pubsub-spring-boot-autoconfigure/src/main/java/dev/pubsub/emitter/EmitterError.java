package dev.pubsub.emitter;

/**
 * An error the broker reported, on {@code emitter/error/} or as the answer to a request.
 *
 * @param status the HTTP-like status (400 bad request, 401 unauthorized, 403 forbidden, 404 not
 * found, 500, 501)
 * @param message the broker's message
 * @param requestId the MQTT packet id of the operation that failed, or 0 when unknown
 * @param topic the topic the error arrived on
 */
public record EmitterError(int status, String message, int requestId, String topic) {

}
