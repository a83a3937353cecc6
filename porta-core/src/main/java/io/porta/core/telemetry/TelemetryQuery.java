package io.porta.core.telemetry;

import io.porta.core.model.DeviceKey;

/**
 * A read of stored points (api.md "Telemetry").
 *
 * @param stream only this stream, or null for all
 * @param fromMs inclusive lower bound (epoch ms), or null
 * @param toMs inclusive upper bound (epoch ms), or null
 * @param ascending oldest first when true
 */
public record TelemetryQuery(DeviceKey device, String stream, Long fromMs, Long toMs, int limit, boolean ascending) {}
