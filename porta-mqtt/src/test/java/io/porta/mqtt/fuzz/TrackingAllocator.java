package io.porta.mqtt.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct buffers under Netty's leak detector, each remembered until {@link #unreleased} is asked:
 * a buffer the pipeline allocated and never released is found at once, for the input that leaked it,
 * instead of whenever the garbage collector happens to run. Unpooled, so a slice shares its parent's
 * count and checking the parents covers every derived buffer. One channel at a time.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
  /** Direct buffers come back leak-aware from it; heap buffers are wrapped here. */
  private static final UnpooledByteBufAllocator UNPOOLED = new UnpooledByteBufAllocator(true, false);

  private final List<ByteBuf> allocated = new ArrayList<>();

  TrackingAllocator() {
    super(true);
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return track(UNPOOLED.directBuffer(initialCapacity, maxCapacity));
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    return track(toLeakAwareBuffer(UNPOOLED.heapBuffer(initialCapacity, maxCapacity)));
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  @Override
  public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
    return track(super.compositeDirectBuffer(maxNumComponents));
  }

  @Override
  public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
    return track(super.compositeHeapBuffer(maxNumComponents));
  }

  /** How many buffers allocated since the last call are still referenced; forgets them all. */
  int unreleased() {
    int n = 0;
    for (ByteBuf b : allocated) {
      if (b.refCnt() != 0) {
        n++;
        b.release(b.refCnt()); // report once, and keep the detector quiet about it
      }
    }
    allocated.clear();
    return n;
  }

  private <T extends ByteBuf> T track(T buf) {
    allocated.add(buf);
    return buf;
  }
}
