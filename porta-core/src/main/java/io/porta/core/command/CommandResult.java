package io.porta.core.command;

/** A device's answer to a command. */
public record CommandResult(String id, byte[] response) {}
