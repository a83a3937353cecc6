package io.porta.core.message;

/** @param devices how many online devices with a matching subscription the message was written to */
public record BroadcastResult(String id, String topic, int devices) {}
