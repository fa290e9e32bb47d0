-- POST /v1/users with a fresh email and Idempotency-Key on every request, as an admin.
-- Args: <token> <run prefix, unique per wrk invocation>
local token, prefix
local n = 0
function init(args)
  token = args[1]
  prefix = args[2]
end
function request()
  n = n + 1
  local id = prefix .. "-" .. n
  local body = '{"email":"' .. id .. '@bench.example.com","displayName":"Bench ' .. n .. '"}'
  return wrk.format("POST", "/v1/users", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = id,
  }, body)
end
