package io.qubitd.scheduler;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A latency histogram as JSON: HdrHistogram's own compressed encoding, base64, so the gateway on
 * one node can merge the latencies of a scheduler on another without losing precision.
 */
public final class HistogramJson {
  private HistogramJson() {}

  public static final class Writer extends StdSerializer<Histogram> {
    public Writer() { super(Histogram.class); }

    @Override
    public void serialize(Histogram h, JsonGenerator gen, SerializerProvider provider) throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
      int length = h.encodeIntoCompressedByteBuffer(buffer);
      byte[] bytes = new byte[length];
      buffer.flip();
      buffer.get(bytes);
      gen.writeBinary(bytes);
    }
  }

  public static final class Reader extends StdDeserializer<Histogram> {
    public Reader() { super(Histogram.class); }

    @Override
    public Histogram deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      try {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(p.getBinaryValue()), 0);
      } catch (DataFormatException e) {
        throw new IOException("not an encoded latency histogram: " + e.getMessage(), e);
      }
    }
  }
}
