package io.porta.core.thing;

/**
 * A request to a device that waits for its reply: property set/get or a service call.
 *
 * @param requestId the {@code id} in the request body, which the device's reply echoes
 * @param pendingId the id the reply is matched by: the request id, or the RRPC message id of an
 *     Alibaba sync service call (the reply comes back on the same {@code /ext/rrpc/{id}/…} topic)
 */
public record ThingCall(String requestId, String pendingId, String topic, byte[] payload) {}
