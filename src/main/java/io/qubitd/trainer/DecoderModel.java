package io.qubitd.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A small decoder-only transformer over the character vocabulary: token and position embeddings,
 * {@code depth} pre-norm blocks of causal multi-head self-attention and a GELU MLP, a final
 * LayerNorm and a linear head. Input (batch, time) token ids; output (batch, time, vocabulary) logits.
 */
final class DecoderModel extends AbstractBlock {
  private final int width;
  private final int contextLength;
  private final Parameter tokenEmbedding;
  private final Parameter positionEmbedding;
  private final List<Layer> layers = new ArrayList<>();
  private final LayerNorm finalNorm;
  private final Linear head;

  DecoderModel(int width, int depth, int heads, int contextLength) {
    this.width = width;
    this.contextLength = contextLength;
    this.tokenEmbedding = addParameter(Parameter.builder().setName("tokens").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(CharVocabulary.SIZE, width)).build());
    this.positionEmbedding = addParameter(Parameter.builder().setName("positions").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(contextLength, width)).build());
    for (int i = 0; i < depth; i++) layers.add(addChildBlock("layer" + i, new Layer(width, heads)));
    this.finalNorm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
    this.head = addChildBlock("head", Linear.builder().setUnits(CharVocabulary.SIZE).build());
    setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
  }

  /** Initialises every weight (N(0, 0.02²), the engine's seed decides) in the given precision. */
  void initialize(NDManager m, DataType type) {
    initialize(m, type, new Shape(1, contextLength));
  }

  int contextLength() { return contextLength; }

  List<Layer> layers() { return layers; }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType type, Shape... inputShapes) {
    Shape hidden = new Shape(1, contextLength, width);
    for (Layer l : layers) l.initialize(m, type, hidden);
    finalNorm.initialize(m, type, hidden);
    head.initialize(m, type, hidden);
  }

  /** Logits (batch, time, vocabulary) for token ids (batch, time); time ≤ context length. */
  NDArray logits(ParameterStore ps, NDArray tokens, boolean training) {
    long t = tokens.getShape().get(1);
    if (t > contextLength) throw new IllegalArgumentException("sequence of " + t + " tokens exceeds the context length " + contextLength);
    NDArray emb = ps.getValue(tokenEmbedding, tokens.getDevice(), training);
    NDArray pos = ps.getValue(positionEmbedding, tokens.getDevice(), training).get(new NDIndex("0:" + t));
    NDArray x = Embedding.embedding(tokens, emb, SparseFormat.DENSE).singletonOrThrow().add(pos);
    NDArray mask = causalMask(tokens.getManager(), (int) t, emb.getDataType());
    for (Layer l : layers) x = l.apply(ps, x, mask, training);
    x = finalNorm.forward(ps, new NDList(x), training).singletonOrThrow();
    return head.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  /** (t, t): 0 where a position may attend (itself and earlier), a large negative number above the diagonal. */
  static NDArray causalMask(NDManager m, int t, DataType type) {
    double[] v = new double[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) v[i * t + j] = -1e9;
    }
    return NdArrays.create(m, v, new Shape(t, t), type);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(logits(ps, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].addAll(new Shape(CharVocabulary.SIZE))};
  }

  /** One pre-norm block: x + Attn(LN(x)), then x + MLP(LN(x)). */
  static final class Layer extends AbstractBlock {
    private final int width;
    private final int heads;
    private final LayerNorm norm1 = LayerNorm.builder().axis(2).build();
    private final LayerNorm norm2 = LayerNorm.builder().axis(2).build();
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;
    private final Linear expand;
    private final Linear contract;
    private ProjectionAdapter queryAdapter;
    private ProjectionAdapter valueAdapter;

    Layer(int width, int heads) {
      this.width = width;
      this.heads = heads;
      addChildBlock("norm1", norm1);
      addChildBlock("norm2", norm2);
      this.query = addChildBlock("query", Linear.builder().setUnits(width).build());
      this.key = addChildBlock("key", Linear.builder().setUnits(width).build());
      this.value = addChildBlock("value", Linear.builder().setUnits(width).build());
      this.output = addChildBlock("output", Linear.builder().setUnits(width).build());
      this.expand = addChildBlock("expand", Linear.builder().setUnits(4L * width).build());
      this.contract = addChildBlock("contract", Linear.builder().setUnits(width).build());
    }

    /** Adds trainable corrections to the query and value projections (kept outside the base's parameters). */
    void attach(Supplier<ProjectionAdapter> adapters) {
      this.queryAdapter = adapters.get();
      this.valueAdapter = adapters.get();
    }

    List<ProjectionAdapter> adapters() {
      return queryAdapter == null ? List.of() : List.of(queryAdapter, valueAdapter);
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType type, Shape... inputShapes) {
      Shape hidden = inputShapes[0];
      for (var b : List.of(norm1, norm2, query, key, value, output, expand)) b.initialize(m, type, hidden);
      contract.initialize(m, type, new Shape(hidden.get(0), hidden.get(1), 4L * width));
    }

    NDArray apply(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
      NDArray h = norm1.forward(ps, new NDList(x), training).singletonOrThrow();
      NDArray q = project(query, queryAdapter, ps, h, training);
      NDArray k = project(key, null, ps, h, training);
      NDArray v = project(value, valueAdapter, ps, h, training);
      long b = x.getShape().get(0);
      long t = x.getShape().get(1);
      long dh = width / heads;
      NDArray qh = q.reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
      NDArray kh = k.reshape(b, t, heads, dh).transpose(0, 2, 3, 1);
      NDArray vh = v.reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
      NDArray weights = NdArrays.scale(qh.matMul(kh), 1 / Math.sqrt(dh)).add(mask).softmax(-1);
      NDArray attended = weights.matMul(vh).transpose(0, 2, 1, 3).reshape(b, t, width);
      x = x.add(output.forward(ps, new NDList(attended), training).singletonOrThrow());
      NDArray h2 = norm2.forward(ps, new NDList(x), training).singletonOrThrow();
      NDArray m = Activation.gelu(expand.forward(ps, new NDList(h2), training).singletonOrThrow());
      return x.add(contract.forward(ps, new NDList(m), training).singletonOrThrow());
    }

    private static NDArray project(Linear w0, ProjectionAdapter adapter, ParameterStore ps, NDArray h, boolean training) {
      NDArray base = w0.forward(ps, new NDList(h), training).singletonOrThrow();
      return adapter == null ? base : base.add(adapter.delta(ps, h, training));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray x = inputs.singletonOrThrow();
      return new NDList(apply(ps, x, causalMask(x.getManager(), (int) x.getShape().get(1), x.getDataType()), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return inputShapes;
    }
  }
}
