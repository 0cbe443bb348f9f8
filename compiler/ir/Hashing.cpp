#include "ir/Hashing.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/ADT/StringMap.h>

#include <cstdlib>
#include <cstring>
#include <set>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace flytec::ir {

// ---------------------------------------------------------------- SHA-256

namespace {

constexpr uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

/// FIPS 180-4, one 64-byte block at a time.
void compressPortable(uint32_t state[8], const uint8_t *data, size_t blocks) {
  for (; blocks--; data += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = uint32_t(data[4 * i]) << 24 | uint32_t(data[4 * i + 1]) << 16 | uint32_t(data[4 * i + 2]) << 8 |
             uint32_t(data[4 * i + 3]);
    for (int i = 16; i < 64; ++i) {
      uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6],
             h = state[7];
    for (int i = 0; i < 64; ++i) {
      uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[i] + w[i];
      uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    state[0] += a, state[1] += b, state[2] += c, state[3] += d;
    state[4] += e, state[5] += f, state[6] += g, state[7] += h;
  }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define FLYTEC_SHA_NI 1
/// The same with the x86 SHA extensions (Intel's SHA-NI, in most x86
/// processors since 2017): about ten times faster.
__attribute__((target("sha,sse4.1"))) void compressShaNi(uint32_t state[8], const uint8_t *data, size_t blocks) {
  const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i *>(&state[0]));
  __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(&state[4]));
  tmp = _mm_shuffle_epi32(tmp, 0xB1);                // CDAB
  state1 = _mm_shuffle_epi32(state1, 0x1B);          // EFGH
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  // ABEF
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);       // CDGH
  for (; blocks--; data += 64) {
    const __m128i abefSaved = state0, cdghSaved = state1;
    __m128i w[4];
    for (int i = 0; i < 16; ++i) {
      if (i < 4) {
        w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(data + 16 * i)), byteSwap);
      } else {
        // w[i] = σ1 terms + w[i-7..] + σ0 terms + w[i-16..], four at a time.
        __m128i x = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
        x = _mm_add_epi32(x, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
        w[i & 3] = _mm_sha256msg2_epu32(x, w[(i + 3) & 3]);
      }
      __m128i msg = _mm_add_epi32(w[i & 3], _mm_loadu_si128(reinterpret_cast<const __m128i *>(&kRound[4 * i])));
      state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
      msg = _mm_shuffle_epi32(msg, 0x0E);
      state0 = _mm_sha256rnds2_epu32(state0, state1, msg);
    }
    state0 = _mm_add_epi32(state0, abefSaved);
    state1 = _mm_add_epi32(state1, cdghSaved);
  }
  tmp = _mm_shuffle_epi32(state0, 0x1B);        // FEBA
  state1 = _mm_shuffle_epi32(state1, 0xB1);     // DCHG
  state0 = _mm_blend_epi16(tmp, state1, 0xF0);  // DCBA
  state1 = _mm_alignr_epi8(state1, tmp, 8);     // ABEF
  _mm_storeu_si128(reinterpret_cast<__m128i *>(&state[0]), state0);
  _mm_storeu_si128(reinterpret_cast<__m128i *>(&state[4]), state1);
}

bool hasShaNi() {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3))
    return false;
  return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}
#endif

using Compress = void (*)(uint32_t *, const uint8_t *, size_t);

Compress chooseCompress() {
#ifdef FLYTEC_SHA_NI
  if (hasShaNi() && !getenv("FLYTEC_SHA256_PORTABLE"))
    return compressShaNi;
#endif
  return compressPortable;
}

const Compress compress = chooseCompress();

} // namespace

Sha256::Sha256()
    : state_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19} {}

void Sha256::update(llvm::StringRef text) {
  auto *data = reinterpret_cast<const uint8_t *>(text.data());
  size_t size = text.size();
  length_ += size;
  if (buffered_) {
    size_t n = std::min(size, sizeof buffer_ - buffered_);
    memcpy(buffer_ + buffered_, data, n);
    buffered_ += n, data += n, size -= n;
    if (buffered_ < sizeof buffer_)
      return;
    compress(state_, buffer_, 1);
    buffered_ = 0;
  }
  if (size >= 64) {
    compress(state_, data, size / 64);
    data += size / 64 * 64;
    size %= 64;
  }
  memcpy(buffer_, data, size);
  buffered_ = size;
}

std::array<uint8_t, 32> Sha256::final() {
  uint64_t bits = length_ * 8;
  uint8_t pad[72] = {0x80};
  size_t padding = (buffered_ < 56 ? 56 : 120) - buffered_;
  for (int i = 0; i < 8; ++i)
    pad[padding + i] = uint8_t(bits >> (56 - 8 * i));
  update(llvm::StringRef(reinterpret_cast<const char *>(pad), padding + 8));
  std::array<uint8_t, 32> digest;
  for (int i = 0; i < 8; ++i)
    for (int k = 0; k < 4; ++k)
      digest[4 * i + k] = uint8_t(state_[i] >> (24 - 8 * k));
  return digest;
}

// ---------------------------------------------------------------- hashes

namespace {

std::string finish(Sha256 &sha) {
  std::array<uint8_t, 32> digest = sha.final();
  return "sha256:" + llvm::toHex(llvm::ArrayRef<uint8_t>(digest.data(), 8), /*LowerCase=*/true);
}

} // namespace

std::string contentHash(llvm::StringRef text) {
  Sha256 sha;
  sha.update(text);
  return finish(sha);
}

namespace {

/// Hashes every entity once (docs/ir.md "Content hashes"):
///   - a task: its canonical JSON, then a line `\ntype NAME=HASH` for each
///     record or enum it names (directly or through a record's fields), in
///     name order, HASH being that declaration's canonical JSON's hash;
///   - a workflow: its canonical JSON, a line `\nNAME=HASH` per callee in
///     name order, then its type lines;
///   - a launch plan: its canonical JSON, `\n` and its workflow's hash.
/// Workflows and launch plans form a call graph, which may have cycles
/// (dynamic workflows calling each other). Its strongly connected
/// components are hashed callees first (Tarjan's algorithm finishes them in
/// that order). Inside a component a callee contributes its name; then, in a
/// component of more than one entity, each member's hash is the hash of
/// its own followed by `\nNAME=HASH` for every member in name order, so a
/// change anywhere in the cycle, or below it, reaches every member.
class Hasher {
public:
  explicit Hasher(Package &p) : p(p) {}

  void run() {
    for (auto &[name, t] : p.tasks) {
      Sha256 sha;
      std::vector<bool> seen(p.types.size());
      hashCanonical(p, t, sha, &seen);
      sha.update(typeLines(seen));
      t.hash = finish(sha);
    }
    for (auto &[name, w] : p.workflows) {
      index.try_emplace(name, unsigned(entities.size()));
      entities.push_back({&w, nullptr});
    }
    for (auto &[name, lp] : p.launchPlans) {
      if (p.tasks.count(name) || p.workflows.count(name))
        continue; // a callee's name means the task or workflow
      index.try_emplace(name, unsigned(entities.size()));
      entities.push_back({nullptr, &lp});
    }
    for (Entity &e : entities)
      collectCallees(e);
    for (unsigned i = 0; i < entities.size(); ++i)
      if (entities[i].order == kUnvisited)
        visit(i);
    // A launch plan shadowed by a task or workflow of its name is still hashed.
    for (auto &[name, lp] : p.launchPlans)
      if (!index.count(name) || entities[index.lookup(name)].plan != &lp) {
        Entity e{nullptr, &lp};
        collectCallees(e);
        lp.hash = local(e, /*component=*/~0u);
      }
  }

private:
  static constexpr unsigned kUnvisited = ~0u;

  struct Entity {
    Workflow *workflow;
    LaunchPlan *plan;
    /// The names it calls, in name order (std::set), and those of them that
    /// are workflows or launch plans, by index.
    std::set<std::string> callees;
    std::vector<unsigned> edges;
    unsigned order = kUnvisited, low = 0, component = kUnvisited;
    bool onStack = false;
    std::string localHash;
    const std::string &name() const { return workflow ? workflow->name : plan->name; }
    std::string &hash() { return workflow ? workflow->hash : plan->hash; }
  };

  void collectCallees(Entity &e) {
    if (e.workflow) {
      collect(e.workflow->graph, e.callees);
      if (!e.workflow->onFailure.empty())
        e.callees.insert(e.workflow->onFailure);
    } else {
      e.callees.insert(e.plan->workflow);
    }
    for (const std::string &c : e.callees)
      if (!p.tasks.count(c))
        if (auto it = index.find(c); it != index.end())
          e.edges.push_back(it->second);
  }

  static void collect(const Graph &g, std::set<std::string> &out) {
    for (const Node &n : g.nodes) {
      if (n.kind == NodeKind::Task || n.kind == NodeKind::Workflow || n.kind == NodeKind::Dynamic)
        out.insert(n.target);
      for (const Graph &b : n.bodies)
        collect(b, out);
    }
  }

  /// Tarjan's strongly connected components.
  void visit(unsigned v) {
    Entity &e = entities[v];
    e.order = e.low = nextOrder++;
    e.onStack = true;
    stack.push_back(v);
    for (unsigned w : e.edges) {
      if (entities[w].order == kUnvisited) {
        visit(w);
        entities[v].low = std::min(entities[v].low, entities[w].low);
      } else if (entities[w].onStack) {
        entities[v].low = std::min(entities[v].low, entities[w].order);
      }
    }
    if (entities[v].low != entities[v].order)
      return;
    std::vector<unsigned> members;
    unsigned m;
    do {
      m = stack.back();
      stack.pop_back();
      entities[m].onStack = false;
      entities[m].component = v;
      members.push_back(m);
    } while (m != v);
    hashComponent(members);
  }

  void hashComponent(std::vector<unsigned> &members) {
    for (unsigned m : members)
      entities[m].localHash = local(entities[m], entities[m].component);
    if (members.size() == 1) {
      entities[members[0]].hash() = entities[members[0]].localHash;
      return;
    }
    std::sort(members.begin(), members.end(),
              [&](unsigned a, unsigned b) { return entities[a].name() < entities[b].name(); });
    std::string lines;
    for (unsigned m : members)
      lines += "\n" + entities[m].name() + "=" + entities[m].localHash;
    for (unsigned m : members)
      entities[m].hash() = contentHash(entities[m].localHash + lines);
  }

  /// The entity's hash with callees of its own component (`component`)
  /// standing in by name.
  std::string local(const Entity &e, unsigned component) {
    Sha256 sha;
    if (e.plan) {
      hashCanonical(p, *e.plan, sha, nullptr);
      std::string extra = "\n";
      if (auto it = index.find(e.plan->workflow); it != index.end() && entities[it->second].workflow)
        extra += entities[it->second].component == component ? e.plan->workflow : entities[it->second].hash();
      sha.update(extra);
      return finish(sha);
    }
    std::vector<bool> seen(p.types.size());
    hashCanonical(p, *e.workflow, sha, &seen);
    std::string extra;
    for (const std::string &c : e.callees)
      extra += "\n" + c + "=" + calleeHash(c, component);
    sha.update(extra);
    sha.update(typeLines(seen));
    return finish(sha);
  }

  std::string calleeHash(const std::string &name, unsigned component) {
    if (auto t = p.tasks.find(name); t != p.tasks.end())
      return t->second.hash;
    auto it = index.find(name);
    if (it == index.end() || entities[it->second].component == component)
      return name;
    return entities[it->second].hash();
  }

  /// `\ntype NAME=HASH` for each record and enum the marked types name,
  /// through records' fields too, in name order.
  std::string typeLines(const std::vector<bool> &seen) {
    std::set<std::string> names;
    for (TypeId id = 0; id < seen.size(); ++id)
      if (seen[id])
        namedTypes(id, names);
    std::string lines;
    for (const std::string &n : names)
      lines += "\ntype " + n + "=" + typeHash(n);
    return lines;
  }

  void namedTypes(TypeId id, std::set<std::string> &names) {
    const TypeData &d = p.types[id];
    switch (d.kind) {
    case TypeKind::List:
    case TypeKind::Map:
      namedTypes(d.element, names);
      return;
    case TypeKind::Union:
      for (TypeId m : d.members)
        namedTypes(m, names);
      return;
    case TypeKind::Dataframe:
      for (const Column &c : d.columns)
        namedTypes(c.type, names);
      return;
    case TypeKind::Enum:
      names.insert(d.name);
      return;
    case TypeKind::Record:
      if (names.insert(d.name).second)
        if (auto r = p.records.find(d.name); r != p.records.end())
          for (const Param &f : r->second.fields)
            namedTypes(f.type, names);
      return;
    default:
      return;
    }
  }

  /// A record's or enum's canonical JSON hash (memoized); its name when the
  /// package does not declare it (broken IR, which the verifier rejects).
  const std::string &typeHash(const std::string &name) {
    auto [it, inserted] = typeHashes.try_emplace(name);
    if (!inserted)
      return it->second;
    Sha256 sha;
    if (auto r = p.records.find(name); r != p.records.end())
      hashCanonical(p, r->second, sha, nullptr);
    else if (auto e = p.enums.find(name); e != p.enums.end())
      hashCanonical(p, e->second, sha, nullptr);
    else
      return it->second = name;
    return it->second = finish(sha);
  }

  Package &p;
  std::vector<Entity> entities;
  llvm::StringMap<unsigned> index;
  std::vector<unsigned> stack;
  unsigned nextOrder = 0;
  llvm::StringMap<std::string> typeHashes;
};

} // namespace

void computeHashes(Package &package) { Hasher(package).run(); }

} // namespace flytec::ir
