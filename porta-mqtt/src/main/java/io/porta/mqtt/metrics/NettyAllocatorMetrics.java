package io.porta.mqtt.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;

/**
 * Gauges of the buffer allocator the connections use ({@link ByteBufAllocator#DEFAULT}: adaptive in
 * Netty 4.2 unless {@code io.netty.allocator.type} says otherwise), and of the direct memory Netty
 * accounts for itself:
 *
 * <ul>
 *   <li>{@code porta.netty.allocator.memory.used{allocator, area=heap|direct}} (bytes);
 *   <li>for the pooled allocator, {@code porta.netty.allocator.arenas{allocator, area}} and {@code
 *       porta.netty.allocator.thread.caches{allocator}};
 *   <li>{@code porta.netty.direct.memory.used} and {@code porta.netty.direct.memory.max} (bytes), when
 *       Netty counts its direct memory (it does when it allocates without the JDK's cleaner).
 * </ul>
 */
public final class NettyAllocatorMetrics implements MeterBinder {
  private final ByteBufAllocator allocator;

  public NettyAllocatorMetrics() {
    this(ByteBufAllocator.DEFAULT);
  }

  public NettyAllocatorMetrics(ByteBufAllocator allocator) {
    this.allocator = allocator;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    String name = name(allocator);
    if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
      ByteBufAllocatorMetric metric = provider.metric();
      Gauge.builder("porta.netty.allocator.memory.used", metric, ByteBufAllocatorMetric::usedHeapMemory)
          .description("Memory held by Netty's buffer allocator")
          .baseUnit("bytes")
          .tags("allocator", name, "area", "heap")
          .strongReference(true)
          .register(registry);
      Gauge.builder("porta.netty.allocator.memory.used", metric, ByteBufAllocatorMetric::usedDirectMemory)
          .description("Memory held by Netty's buffer allocator")
          .baseUnit("bytes")
          .tags("allocator", name, "area", "direct")
          .strongReference(true)
          .register(registry);
      if (metric instanceof PooledByteBufAllocatorMetric pooled) {
        Gauge.builder("porta.netty.allocator.arenas", pooled, PooledByteBufAllocatorMetric::numHeapArenas)
            .tags("allocator", name, "area", "heap")
            .strongReference(true)
            .register(registry);
        Gauge.builder("porta.netty.allocator.arenas", pooled, PooledByteBufAllocatorMetric::numDirectArenas)
            .tags("allocator", name, "area", "direct")
            .strongReference(true)
            .register(registry);
        Gauge.builder("porta.netty.allocator.thread.caches", pooled, PooledByteBufAllocatorMetric::numThreadLocalCaches)
            .tag("allocator", name)
            .strongReference(true)
            .register(registry);
      }
    }
    if (PlatformDependent.usedDirectMemory() >= 0) {
      Gauge.builder("porta.netty.direct.memory.used", PlatformDependent::usedDirectMemory)
          .description("Direct memory Netty allocated and has not freed yet")
          .baseUnit("bytes")
          .register(registry);
      Gauge.builder("porta.netty.direct.memory.max", PlatformDependent::maxDirectMemory)
          .description("The direct memory Netty allows itself")
          .baseUnit("bytes")
          .register(registry);
    }
  }

  static String name(ByteBufAllocator allocator) {
    if (allocator instanceof AdaptiveByteBufAllocator) {
      return "adaptive";
    }
    if (allocator instanceof PooledByteBufAllocator) {
      return "pooled";
    }
    if (allocator instanceof UnpooledByteBufAllocator) {
      return "unpooled";
    }
    return allocator.getClass().getSimpleName();
  }
}
