package io.porta.core.gateway;

/**
 * How much one gateway request may carry ({@code porta.gateways.*}). A request over a limit is refused
 * with the dialect's code and counted in {@code porta_gateway_limit_hits_total{limit}}.
 *
 * @param maxLoginBatch sub-devices per batch login or logout (Alibaba {@code combine/batch_login},
 *     OneNET {@code thing/sub/login} with a list); B.9: 50
 * @param maxTopologyBatch sub-devices per topology add or delete request
 * @param maxPackEntries entries of a OneNET {@code thing/pack/post} or {@code thing/history/post};
 *     A.7.5: 10
 * @param maxRegisterBatch sub-devices per Alibaba {@code thing/sub/register}; B.9: 30
 */
public record GatewayLimits(int maxLoginBatch, int maxTopologyBatch, int maxPackEntries, int maxRegisterBatch) {
  public static final GatewayLimits DEFAULTS = new GatewayLimits(50, 50, 10, 30);

  /** Limit names, the {@code limit} label of the metric. */
  public static final String LOGIN_BATCH = "login_batch";

  public static final String TOPOLOGY_BATCH = "topology_batch";
  public static final String PACK_ENTRIES = "pack_entries";
  public static final String REGISTER_BATCH = "register_batch";
  public static final String SUB_DEVICES_PER_GATEWAY = "sub_devices_per_gateway";

  public GatewayLimits {
    if (maxLoginBatch < 1 || maxTopologyBatch < 1 || maxPackEntries < 1 || maxRegisterBatch < 1) {
      throw new IllegalArgumentException("gateway limits must be positive");
    }
  }
}
