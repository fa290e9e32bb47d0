-- GET /v1/users/{id} for a random seeded user (ids are 00000000-0000-4000-8000-<12-digit n>,
-- n in 1..USERS), as an admin, so every request is a 200 that reads one row by primary key.
-- Args: <token> <users>. (The fixed-load latency phase sends the same requests from open-loop.ts.)
local token, users
function init(args)
  token = args[1]
  users = tonumber(args[2])
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end
function request()
  local path = string.format("/v1/users/00000000-0000-4000-8000-%012d", math.random(1, users))
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
