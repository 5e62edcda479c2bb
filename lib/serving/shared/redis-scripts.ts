import 'server-only';
// The Lua scripts of the Redis coordinator: every check-and-set is one script, so no other client
// sees a half-done step. KEYS and ARGV are as redis-coordinator.ts passes them.

// Takes the lock only when free; the token comes from the fence counter so it never repeats.
export const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token, 'PX', ARGV[1])
return token`;

export const EXTEND = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

export const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`;

// Fencing: refused when a newer lease has published (its staged parts are then deleted). The
// version flips only when every staged part is there; the new parts lose their staging expiry
// and the replaced version's parts get one (readers part-way through it have that long). Part
// keys are ARGV[5] .. version .. ':' .. n (a single Redis server, not a cluster). Publishing also
// lifts the fence counter to at least this token, so after Redis lost its data (a restart without
// persistence) new leases still get tokens above any snapshot that is stored.
// KEYS: token, head, version, fence, renewed, parts, the old single-value snapshot key.
// ARGV: token, head value, channel, part count, part key prefix, the old parts' expiry in ms.
export const PUBLISH = `
local token = tonumber(ARGV[1])
local count = tonumber(ARGV[4])
local function part(version, n) return ARGV[5] .. version .. ':' .. n end
local function drop() for n = 0, count - 1 do redis.call('DEL', part(ARGV[1], n)) end end
if tonumber(redis.call('GET', KEYS[1]) or '0') > token then drop() return 0 end
for n = 0, count - 1 do
  if redis.call('EXISTS', part(ARGV[1], n)) == 0 then drop() return -1 end
end
for n = 0, count - 1 do redis.call('PERSIST', part(ARGV[1], n)) end
local old = redis.call('GET', KEYS[3])
if old and old ~= ARGV[1] then
  for n = 0, tonumber(redis.call('GET', KEYS[6]) or '0') - 1 do
    redis.call('PEXPIRE', part(old, n), ARGV[6])
  end
end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SET', KEYS[3], ARGV[1])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[6], count)
if tonumber(redis.call('GET', KEYS[4]) or '0') < token then redis.call('SET', KEYS[4], ARGV[1]) end
redis.call('DEL', KEYS[5], KEYS[7])
redis.call('PUBLISH', ARGV[3], ARGV[1])
return 1`;

// Fenced like PUBLISH, and only for the version still stored: a renewal never outdates newer data.
export const RENEW = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > tonumber(ARGV[1]) then return 0 end
if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end
local renewed = ARGV[2] .. ' ' .. ARGV[3]
redis.call('SET', KEYS[3], renewed)
redis.call('PUBLISH', ARGV[4], 'renewed ' .. renewed)
return 1`;
