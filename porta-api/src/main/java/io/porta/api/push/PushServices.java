package io.porta.api.push;

import io.porta.core.event.EventOutbox;
import io.porta.core.application.Applications;
import java.util.Objects;

/** What the push endpoints (webhooks, application channel credentials) work with. */
public record PushServices(
    Webhooks webhooks, WebhookDispatcher dispatcher, EventOutbox outbox, Applications applications) {
  public PushServices {
    Objects.requireNonNull(applications, "applications");
    Objects.requireNonNull(webhooks, "webhooks");
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(outbox, "outbox");
  }
}
