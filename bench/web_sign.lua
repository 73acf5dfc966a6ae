-- wrk script of bench/web_load.sh: each request posts the recall-signature
-- form for a new elector (bx-NNNNNNN, as tests/data/server/council_journal.sh
-- registers them), with the session's cookie and CSRF token.
--   wrk ... -s bench/web_sign.lua URL -- CSRF COOKIE THREADS DATE
local counter = 0
local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end
function init(args)
  csrf = args[1]
  cookie = args[2]
  threads = tonumber(args[3])
  day = args[4]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = cookie
end
function request()
  local id = string.format("bx-%07d", counter * threads + tid)
  counter = counter + 1
  return wrk.format(nil, nil, nil, "csrf=" .. csrf .. "&date=" .. day .. "&person=" .. id)
end
