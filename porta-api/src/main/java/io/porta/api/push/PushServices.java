package io.porta.api.push;

import io.porta.core.event.EventOutbox;
import java.util.Objects;

/** What the webhook endpoints work with. */
public record PushServices(Webhooks webhooks, WebhookDispatcher dispatcher, EventOutbox outbox) {
  public PushServices {
    Objects.requireNonNull(webhooks, "webhooks");
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(outbox, "outbox");
  }
}
