package dev.pubsub.sample.emitter;

/**
 * A temperature reading, published as JSON on {@code sensors/<room>/temp/}.
 *
 * @param sensor the sensor id
 * @param celsius the temperature
 */
public record SensorReading(String sensor, double celsius) {

}
