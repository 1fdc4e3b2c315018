-- wrk script: POST one observation per request, round-robin over the channels in $CHANNELS.
local channels = {}
for id in string.gmatch(os.getenv("CHANNELS"), "%d+") do channels[#channels + 1] = id end
local at = os.getenv("AT")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

request = function()
  n = n + 1
  local body = string.format(
    '{"channel_id": %s, "occurred_at": "%s", "outcome": "not_completed", "minutes_spent": %d, "on_behalf": true, "failure_reason": "no_answer"}',
    channels[(n % #channels) + 1], at, n % 60)
  return wrk.format(nil, nil, nil, body)
end
