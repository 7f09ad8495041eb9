package io.qubitd.serialization;

/**
 * Marks messages and events that cross the wire or go to the journal: bound to Pekko's Jackson
 * JSON serializer in reference.conf, so a JVM client in the cluster needs no HTTP.
 */
public interface JsonSerializable {}
