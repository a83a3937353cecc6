package io.porta.core.dialect;

/** A PUBLISH from a device, as a dialect sees it. The payload array is the dialect's to keep. */
public record InboundPublish(String topic, int qos, boolean retain, boolean dup, byte[] payload) {}
