#include "lsp/JsonRpc.h"

#include <fmt/format.h>

#include <cassert>

namespace flytec::lsp {

namespace {

std::string idKey(const json &id) { return id.dump(); }

/// "textDocument/hover(3)", as clangd logs calls.
std::string describe(llvm::StringRef method, const json &id) {
  return fmt::format("{}({})", std::string_view(method.data(), method.size()),
                     id.dump(-1, ' ', false, json::error_handler_t::replace));
}

bool isValidId(const json &id) { return id.is_string() || id.is_number_integer(); }

} // namespace

// One per request: lets the client get exactly one reply whatever the
// handler does with its callback. While the handler runs on the dispatching
// thread (`inHandler`), a dropped callback only marks the state, so that a
// throwing handler is answered with its exception's message rather than
// "no reply" (the callback dies first, while the stack unwinds).
struct JsonRpcDispatcher::ReplyState {
  JsonRpcDispatcher &dispatcher;
  json id;
  std::string method;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::mutex mutex;
  bool replied = false;
  bool inHandler = true;
  bool dropped = false;

  ReplyState(JsonRpcDispatcher &dispatcher, json id, std::string method)
      : dispatcher(dispatcher), id(std::move(id)), method(std::move(method)) {}
};

class JsonRpcDispatcher::ReplyOnce {
public:
  explicit ReplyOnce(std::shared_ptr<ReplyState> state) : state_(std::move(state)) {}
  ReplyOnce(ReplyOnce &&) = default;
  ReplyOnce &operator=(ReplyOnce &&) = delete;

  ~ReplyOnce() {
    if (!state_)
      return;
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      if (state_->replied)
        return;
      if (state_->inHandler) {
        state_->dropped = true;
        return;
      }
      state_->replied = true;
    }
    JsonRpcDispatcher &d = state_->dispatcher;
    d.logger_.error(describe(state_->method, state_->id) + ": the handler dropped its callback without replying");
    d.sendReply(state_->id, state_->method, RpcError{ErrorCode::InternalError, "handler produced no reply"},
                state_->start);
  }

  void operator()(Result<json> result) {
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      if (!state_->replied) {
        state_->replied = true;
      } else {
        state_->dispatcher.logger_.error(describe(state_->method, state_->id) +
                                         ": the handler replied twice; the second reply is dropped");
        return;
      }
    }
    state_->dispatcher.sendReply(state_->id, state_->method, std::move(result), state_->start);
  }

private:
  std::shared_ptr<ReplyState> state_;
};

JsonRpcDispatcher::~JsonRpcDispatcher() = default;

void JsonRpcDispatcher::addMethod(llvm::StringRef name, RawMethod handler) {
  bool added = methods_.try_emplace(name, std::move(handler)).second;
  assert(added && "method registered twice");
  (void)added;
}

void JsonRpcDispatcher::addNotification(llvm::StringRef name, RawNotification handler) {
  bool added = notifications_.try_emplace(name, std::move(handler)).second;
  assert(added && "notification registered twice");
  (void)added;
}

// ---- The loop ------------------------------------------------------------

int JsonRpcDispatcher::run() {
  // Enough to let a burst of edits and a cancel overtake their requests,
  // few enough that the oldest message still gets handled soon.
  constexpr size_t kMaxBatch = 64;
  std::string text, error;
  bool more = true;
  while (more && !exitRequested()) {
    if (idleHandler_)
      for (int due = idleHandler_(); due >= 0 && !transport_.waitReadable(due);)
        due = idleHandler_();
    more = transport_.readMessage(text, error);
    if (!more)
      break;
    if (!error.empty()) {
      logger_.error("bad input skipped: " + error);
      continue;
    }
    enqueue(text);
    while (queued() < kMaxBatch && transport_.waitReadable(0)) {
      more = transport_.readMessage(text, error);
      if (!more)
        break;
      if (error.empty())
        enqueue(text);
      else
        logger_.error("bad input skipped: " + error);
    }
    processQueued();
  }
  if (!exitRequested())
    logger_.info("input ended without an exit notification");
  return exitCode();
}

// ---- Checking and queueing -------------------------------------------------

bool JsonRpcDispatcher::classify(llvm::StringRef text, Incoming &out) {
  json message;
  try {
    message = json::parse(text.begin(), text.end());
  } catch (const json::parse_error &e) {
    sendError(nullptr, ErrorCode::ParseError, std::string("invalid JSON: ") + e.what());
    return false;
  }
  if (!message.is_object()) {
    sendError(nullptr, ErrorCode::InvalidRequest, "a message must be a JSON object");
    return false;
  }
  auto method = message.find("method");
  bool isCall = method != message.end();
  auto id = message.find("id");
  bool hasId = id != message.end();
  // A response to a message we could not read has id null.
  if (hasId && !isValidId(*id) && !(id->is_null() && !isCall)) {
    sendError(nullptr, ErrorCode::InvalidRequest, "the id must be an integer or a string");
    return false;
  }
  json replyId = hasId ? *id : json(nullptr);
  auto version = message.find("jsonrpc");
  if (version == message.end() || *version != "2.0") {
    sendError(replyId, ErrorCode::InvalidRequest, "the message needs \"jsonrpc\": \"2.0\"");
    return false;
  }
  if (!isCall) {
    if (hasId && (message.contains("result") || message.contains("error"))) {
      out.kind = Incoming::Response;
      out.id = replyId;
      out.message = std::move(message);
      return true;
    }
    sendError(replyId, ErrorCode::InvalidRequest, "a message needs a method, or an id and a result or error");
    return false;
  }
  if (!method->is_string()) {
    sendError(replyId, ErrorCode::InvalidRequest, "the method must be a string");
    return false;
  }
  auto params = message.find("params");
  if (params != message.end() && !params->is_object() && !params->is_array() && !params->is_null()) {
    sendError(replyId, ErrorCode::InvalidRequest, "params must be an object or an array");
    return false;
  }
  out.kind = hasId ? Incoming::Request : Incoming::Notification;
  out.id = replyId;
  out.method = method->get<std::string>();
  out.params = params == message.end() ? json(nullptr) : std::move(*params);
  return true;
}

void JsonRpcDispatcher::enqueue(llvm::StringRef text) {
  if (logger_.enabled(LogLevel::Verbose))
    logger_.verbose("<<< " + text.str());
  Incoming in;
  if (!classify(text, in))
    return;
  if (in.kind == Incoming::Notification && in.method == "$/cancelRequest")
    return cancel(in.params);
  if (in.kind == Incoming::Request) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!live_.emplace(idKey(in.id), false).second) {
      // A second reply to that id would be taken for the first one's.
      logger_.error(describe(in.method, in.id) + ": a request with this id is still pending; dropped");
      return;
    }
  }
  queue_.push_back(std::move(in));
}

void JsonRpcDispatcher::cancel(const json &params) {
  CancelParams cancel;
  std::string error;
  if (!fromJSON(params, cancel, error))
    return logger_.error("$/cancelRequest: invalid params, dropped: " + error);
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = live_.find(idKey(cancel.id));
  if (it == live_.end()) {
    logger_.verbose("$/cancelRequest for " + idKey(cancel.id) + ", which is not pending");
    return;
  }
  it->second = true;
}

void JsonRpcDispatcher::processQueued() {
  while (!queue_.empty()) {
    Incoming in = std::move(queue_.front());
    queue_.pop_front();
    // Our own bugs (handler exceptions are caught closer) must not end the
    // server either.
    try {
      switch (in.kind) {
      case Incoming::Request:
        handleRequest(in);
        break;
      case Incoming::Notification:
        handleNotification(in);
        break;
      case Incoming::Response:
        handleResponse(in);
        break;
      }
    } catch (const std::exception &e) {
      logger_.error(describe(in.method, in.id) + ": internal error: " + e.what());
    }
  }
}

// ---- Requests --------------------------------------------------------------

void JsonRpcDispatcher::handleRequest(const Incoming &in) {
  Lifecycle state = lifecycle();
  if (state == Lifecycle::Exited) {
    std::lock_guard<std::mutex> lock(mutex_);
    live_.erase(idKey(in.id));
    return;
  }
  if (in.method == "initialize" && state != Lifecycle::Uninitialized)
    return sendReply(in.id, in.method, RpcError{ErrorCode::InvalidRequest, "initialize may only be sent once"});
  if (in.method != "initialize" && (state == Lifecycle::Uninitialized || state == Lifecycle::Initializing))
    return sendReply(in.id, in.method,
                     RpcError{ErrorCode::ServerNotInitialized, "the server is not initialized yet"});
  if (state == Lifecycle::ShuttingDown)
    return sendReply(in.id, in.method,
                     RpcError{ErrorCode::InvalidRequest, "the server is shutting down: no requests after shutdown"});
  if (isCancelled(in.id))
    return sendReply(in.id, in.method, RpcError{ErrorCode::RequestCancelled, "cancelled before it started"});

  auto handler = methods_.find(in.method);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (in.method == "initialize")
      lifecycle_ = Lifecycle::Initializing;
    if (in.method == "shutdown") {
      lifecycle_ = Lifecycle::ShuttingDown;
      shutdown_ = true;
    }
  }
  if (handler == methods_.end()) {
    if (in.method == "shutdown")
      return sendReply(in.id, in.method, json(nullptr));
    return sendReply(in.id, in.method, RpcError{ErrorCode::MethodNotFound, "method not found: " + in.method});
  }
  callHandler(handler->second, in);
}

void JsonRpcDispatcher::callHandler(RawMethod &handler, const Incoming &in) {
  auto state = std::make_shared<ReplyState>(*this, in.id, in.method);
  std::string exception;
  currentId_ = in.id;
  try {
    handler(in.params, ReplyOnce(state));
  } catch (const std::exception &e) {
    exception = *e.what() ? e.what() : "an exception";
  } catch (...) {
    exception = "an unknown exception";
  }
  currentId_ = nullptr;
  finishHandler(*state, exception);
}

void JsonRpcDispatcher::finishHandler(ReplyState &state, const std::string &exception) {
  std::string reason;
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.inHandler = false;
    if (state.replied) {
      if (!exception.empty())
        logger_.error(describe(state.method, state.id) + ": the handler threw after replying: " + exception);
      return;
    }
    if (!exception.empty())
      reason = exception;
    else if (state.dropped)
      reason = "handler produced no reply";
    else
      return; // the callback is still alive: the reply comes later
    state.replied = true;
  }
  logger_.error(describe(state.method, state.id) + ": " + reason);
  sendReply(state.id, state.method, RpcError{ErrorCode::InternalError, reason}, state.start);
}

void JsonRpcDispatcher::sendReply(const json &id, llvm::StringRef method, Result<json> result,
                                  std::chrono::steady_clock::time_point start) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    live_.erase(idKey(id));
    if (method == "initialize" && lifecycle_ == Lifecycle::Initializing)
      lifecycle_ = result ? Lifecycle::Running : Lifecycle::Uninitialized;
  }
  if (logger_.enabled(LogLevel::Verbose)) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    logger_.verbose(fmt::format("--> reply:{} {} ms{}", describe(method, id), ms.count(),
                                result ? "" : ", error: " + result.error().message));
  }
  json message = {{"jsonrpc", "2.0"}, {"id", id}};
  if (result)
    message["result"] = std::move(*result);
  else
    message["error"] = {{"code", int(result.error().code)}, {"message", result.error().message}};
  send(message);
}

void JsonRpcDispatcher::sendError(const json &id, ErrorCode code, std::string message) {
  logger_.info(fmt::format("replying error {}: {}", int(code), message));
  send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", int(code)}, {"message", std::move(message)}}}});
}

// ---- Notifications and responses -------------------------------------------

void JsonRpcDispatcher::handleNotification(const Incoming &in) {
  if (in.method == "exit") {
    std::lock_guard<std::mutex> lock(mutex_);
    lifecycle_ = Lifecycle::Exited;
  } else if (lifecycle() != Lifecycle::Running) {
    // The LSP drops notifications before initialize and after shutdown.
    logger_.verbose(in.method + ": dropped, the server is not running");
    return;
  }
  auto handler = notifications_.find(in.method);
  if (handler == notifications_.end()) {
    logger_.verbose(in.method + ": no handler, ignored");
    return;
  }
  try {
    handler->second(in.params);
  } catch (const std::exception &e) {
    logger_.error(in.method + ": the handler threw: " + e.what());
  } catch (...) {
    logger_.error(in.method + ": the handler threw an unknown exception");
  }
}

void JsonRpcDispatcher::handleResponse(const Incoming &in) {
  std::optional<Result<json>> result;
  auto error = in.message.find("error");
  if (error == in.message.end()) {
    result.emplace(in.message.contains("result") ? in.message["result"] : json(nullptr));
  } else {
    RpcError rpcError{ErrorCode::UnknownErrorCode, "malformed error from the client: " + error->dump()};
    if (error->is_object() && error->contains("code") && (*error)["code"].is_number_integer() &&
        error->contains("message") && (*error)["message"].is_string())
      rpcError = RpcError{ErrorCode((*error)["code"].get<int>()), (*error)["message"].get<std::string>()};
    result.emplace(std::move(rpcError));
  }
  if (in.id.is_null()) {
    logger_.error("the client could not read a message of ours: " +
                  (result->ok() ? std::string("(no error given)") : result->error().message));
    return;
  }
  Callback<json> callback;
  if (in.id.is_number_integer()) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = calls_.find(in.id.get<int64_t>());
    if (it != calls_.end()) {
      callback = std::move(it->second);
      calls_.erase(it);
    }
  }
  if (callback)
    callback(std::move(*result));
  else if (responseHandler_)
    responseHandler_(in.id, std::move(*result));
  else
    logger_.info("response to request " + idKey(in.id) + ", which we did not send or no longer wait for");
}

// ---- Outgoing --------------------------------------------------------------

void JsonRpcDispatcher::call(llvm::StringRef method, json params, Callback<json> onReply) {
  int64_t id;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    id = nextCallId_++;
    calls_.emplace(id, std::move(onReply));
  }
  logger_.verbose(fmt::format("--> {}", describe(method, id)));
  send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method.str()}, {"params", std::move(params)}});
}

void JsonRpcDispatcher::sendNotification(llvm::StringRef method, json params) {
  logger_.verbose("--> " + method.str());
  send({{"jsonrpc", "2.0"}, {"method", method.str()}, {"params", std::move(params)}});
}

void JsonRpcDispatcher::send(const json &message) {
  if (logger_.enabled(LogLevel::Verbose))
    logger_.verbose(">>> " + message.dump(-1, ' ', false, json::error_handler_t::replace));
  transport_.writeMessage(message);
}

// ---- State -----------------------------------------------------------------

bool JsonRpcDispatcher::isCancelled(const json &id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = live_.find(idKey(id));
  return it != live_.end() && it->second;
}

JsonRpcDispatcher::Lifecycle JsonRpcDispatcher::lifecycle() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lifecycle_;
}

bool JsonRpcDispatcher::shutdownRequested() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return shutdown_;
}

bool JsonRpcDispatcher::exitRequested() const { return lifecycle() == Lifecycle::Exited; }

int JsonRpcDispatcher::exitCode() const { return exitRequested() && shutdownRequested() ? 0 : 1; }

} // namespace flytec::lsp
