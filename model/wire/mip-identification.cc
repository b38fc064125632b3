/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-identification.h"

#include "ns3/log.h"

#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MipIdentification");

namespace
{

constexpr int64_t NS_PER_S = 1000000000;
constexpr uint64_t FRACTION_MASK = 0xffffffffULL;

/**
 * \param ns nanoseconds
 * \param secs floor(ns / 10^9)
 * \param rem ns - secs * 10^9, in [0, 10^9)
 */
void
SplitNanoSeconds(int64_t ns, int64_t& secs, int64_t& rem)
{
    secs = ns / NS_PER_S;
    rem = ns % NS_PER_S;
    if (rem < 0)
    {
        rem += NS_PER_S;
        --secs;
    }
}

/**
 * \param rem nanoseconds in [0, 10^9)
 * \return floor(rem * 2^32 / 10^9)
 */
uint32_t
NanoSecondsToFraction(int64_t rem)
{
    return static_cast<uint32_t>((static_cast<uint64_t>(rem) << 32) / NS_PER_S);
}

/**
 * \param duration a non-negative duration
 * \return the duration in units of 2^-32 s (rounded down; saturates)
 */
int64_t
DurationToUnits(Time duration)
{
    int64_t secs;
    int64_t rem;
    SplitNanoSeconds(duration.GetNanoSeconds(), secs, rem);
    if (secs < 0)
    {
        return 0;
    }
    if (secs >= (int64_t{1} << 31))
    {
        return std::numeric_limits<int64_t>::max();
    }
    return (secs << 32) + NanoSecondsToFraction(rem);
}

} // namespace

// ---------------------------------------------------------------------------------------
// MipNtpTime

uint64_t
MipNtpTime::ToNtp(Time simTime, Time clockOffset, uint32_t epochSeconds)
{
    int64_t secs;
    int64_t rem;
    SplitNanoSeconds((simTime + clockOffset).GetNanoSeconds(), secs, rem);
    // The seconds field wraps modulo 2^32 (NTP eras).
    auto seconds = static_cast<uint32_t>(static_cast<int64_t>(epochSeconds) + secs);
    return Compose(seconds, NanoSecondsToFraction(rem));
}

namespace
{

/// \param ns nanoseconds, possibly negative \return them as a Time (int64x64_t's constructor
/// left-shifts negative values, undefined behaviour that UBSan reports)
Time
SignedNanoSeconds(int64_t ns)
{
    Time magnitude = NanoSeconds(static_cast<uint64_t>(ns < 0 ? -ns : ns));
    return ns < 0 ? Time(0) - magnitude : magnitude;
}

} // namespace

Time
MipNtpTime::ToTime(uint64_t ntp, Time clockOffset, uint32_t epochSeconds)
{
    // Seconds relative to the epoch, +/-68 years around it (serial-number arithmetic).
    auto deltaSeconds = static_cast<int32_t>(GetSeconds(ntp) - epochSeconds);
    uint64_t fraction = GetFraction(ntp);
    // ceil(fraction * 10^9 / 2^32); fraction * 10^9 < 2^62.
    auto fractionNs = static_cast<int64_t>((fraction * NS_PER_S + FRACTION_MASK) >> 32);
    int64_t ns = static_cast<int64_t>(deltaSeconds) * NS_PER_S + fractionNs;
    return SignedNanoSeconds(ns) - clockOffset;
}

uint64_t
MipNtpTime::Compose(uint32_t seconds, uint32_t fraction)
{
    return (static_cast<uint64_t>(seconds) << 32) | fraction;
}

uint32_t
MipNtpTime::GetSeconds(uint64_t ntp)
{
    return static_cast<uint32_t>(ntp >> 32);
}

uint32_t
MipNtpTime::GetFraction(uint64_t ntp)
{
    return static_cast<uint32_t>(ntp & FRACTION_MASK);
}

Time
MipNtpTime::Difference(uint64_t a, uint64_t b)
{
    auto d = static_cast<int64_t>(a - b);
    int64_t secs = d >> 32; // arithmetic shift: floor(d / 2^32)
    auto fraction = static_cast<uint64_t>(d) & FRACTION_MASK;
    int64_t ns = secs * NS_PER_S + static_cast<int64_t>((fraction * NS_PER_S) >> 32);
    return SignedNanoSeconds(ns);
}

bool
MipNtpTime::IsLater(uint64_t a, uint64_t b)
{
    return static_cast<int64_t>(a - b) > 0;
}

// ---------------------------------------------------------------------------------------
// MipIdentificationGenerator

MipIdentificationGenerator::MipIdentificationGenerator(Time clockOffset, uint32_t epochSeconds)
    : m_clockOffset(clockOffset),
      m_epochSeconds(epochSeconds)
{
}

uint64_t
MipIdentificationGenerator::ReadClock(Time now) const
{
    return MipNtpTime::ToNtp(now, m_clockOffset, m_epochSeconds);
}

uint64_t
MipIdentificationGenerator::Next(Time now)
{
    uint64_t candidate = ReadClock(now);
    uint64_t mask = m_randomLowBits >= 32 ? FRACTION_MASK : ((uint64_t{1} << m_randomLowBits) - 1);
    if (m_randomLowBits > 0)
    {
        uint64_t bits = m_random->GetInteger(0, static_cast<uint32_t>(mask));
        candidate = (candidate & ~mask) | (bits & mask);
    }
    if (m_floor && !MipNtpTime::IsLater(candidate, *m_floor))
    {
        // RFC 5944 section 5.7.1: greater than every earlier Identification. The random bits
        // stay random: a value drawn uniformly between the previous one + 1 and the end of
        // its block of 2^bits values (the end of its second when all 32 are random; past
        // it, the next block with all its bits free). Without random bits: previous + 1.
        uint64_t base = *m_floor + 1;
        uint64_t room = mask - (base & mask);
        uint64_t offset = 0;
        if (m_randomLowBits > 0 && room > 0)
        {
            offset = m_random->GetInteger(0, static_cast<uint32_t>(room));
        }
        NS_LOG_LOGIC("clock " << candidate << " not after " << *m_floor << ": " << base << " + "
                              << offset);
        candidate = base + offset;
    }
    m_floor = candidate;
    m_last = candidate;
    NS_LOG_FUNCTION(this << now << candidate);
    return candidate;
}

uint32_t
MipIdentificationGenerator::LowBits(uint64_t identification)
{
    return MipNtpTime::GetFraction(identification);
}

bool
MipIdentificationGenerator::MatchesRequest(uint64_t replyId, uint64_t requestId)
{
    return LowBits(replyId) == LowBits(requestId);
}

bool
MipIdentificationGenerator::Resynchronize(uint64_t replyIdentification, Time now)
{
    NS_LOG_FUNCTION(this << replyIdentification << now);
    if (!m_last || !MatchesRequest(replyIdentification, *m_last))
    {
        NS_LOG_LOGIC("reply does not match the last request: ignored");
        return false;
    }
    uint64_t target = MipNtpTime::Compose(MipNtpTime::GetSeconds(replyIdentification), 0);
    // Simulation time at which an exact clock reads target; the offset makes ours read it now.
    Time exact = MipNtpTime::ToTime(target, Time(0), m_epochSeconds);
    m_clockOffset = exact - now;
    // The home agent's clock is authoritative: if ours was fast, earlier values were out
    // of its window, so the next value may be below them (but above target - 1).
    uint64_t floor = target - 1;
    if (m_floor && MipNtpTime::IsLater(*m_floor, floor))
    {
        m_floor = floor;
    }
    NS_LOG_LOGIC("clock offset now " << m_clockOffset);
    return true;
}

void
MipIdentificationGenerator::SetClockOffset(Time offset)
{
    m_clockOffset = offset;
}

Time
MipIdentificationGenerator::GetClockOffset() const
{
    return m_clockOffset;
}

uint32_t
MipIdentificationGenerator::GetEpochSeconds() const
{
    return m_epochSeconds;
}

std::optional<uint64_t>
MipIdentificationGenerator::GetLast() const
{
    return m_last;
}

void
MipIdentificationGenerator::SetRandomLowBits(uint8_t bits)
{
    NS_ASSERT_MSG(bits <= 32, "at most the 32 fraction bits can be random");
    m_randomLowBits = bits;
    if (bits > 0 && !m_random)
    {
        m_random = CreateObject<UniformRandomVariable>();
    }
}

uint8_t
MipIdentificationGenerator::GetRandomLowBits() const
{
    return m_randomLowBits;
}

int64_t
MipIdentificationGenerator::AssignStreams(int64_t stream)
{
    if (!m_random)
    {
        m_random = CreateObject<UniformRandomVariable>();
    }
    m_random->SetStream(stream);
    return 1;
}

// ---------------------------------------------------------------------------------------
// MipReplayProtector

const char*
MipReplayResultToString(MipReplayResult result)
{
    switch (result)
    {
    case MipReplayResult::ACCEPT:
        return "ACCEPT";
    case MipReplayResult::REJECT_OUT_OF_WINDOW:
        return "REJECT_OUT_OF_WINDOW";
    case MipReplayResult::REJECT_NOT_INCREASING:
        return "REJECT_NOT_INCREASING";
    }
    return "UNKNOWN";
}

Time
MipReplayProtector::DefaultTolerance()
{
    return Seconds(7);
}

MipReplayProtector::MipReplayProtector(Time tolerance, Time clockOffset, uint32_t epochSeconds)
    : m_tolerance(tolerance),
      m_clockOffset(clockOffset),
      m_epochSeconds(epochSeconds)
{
}

uint64_t
MipReplayProtector::ReadClock(Time now) const
{
    return MipNtpTime::ToNtp(now, m_clockOffset, m_epochSeconds);
}

MipReplayResult
MipReplayProtector::Check(uint64_t identification, Time now) const
{
    uint64_t clock = ReadClock(now);
    // Compare in units of 2^-32 s so that the window's edges are exact.
    auto distance = static_cast<int64_t>(identification - clock);
    int64_t tolerance = DurationToUnits(m_tolerance);
    if (distance > tolerance || distance < -tolerance)
    {
        NS_LOG_LOGIC("identification " << identification << " is "
                                       << MipNtpTime::Difference(identification, clock)
                                       << " from the clock: out of window");
        return MipReplayResult::REJECT_OUT_OF_WINDOW;
    }
    if (m_lastAccepted && !MipNtpTime::IsLater(identification, *m_lastAccepted))
    {
        NS_LOG_LOGIC("identification " << identification << " not after " << *m_lastAccepted);
        return MipReplayResult::REJECT_NOT_INCREASING;
    }
    return MipReplayResult::ACCEPT;
}

void
MipReplayProtector::Accept(uint64_t identification)
{
    NS_LOG_FUNCTION(this << identification);
    if (!m_lastAccepted || MipNtpTime::IsLater(identification, *m_lastAccepted))
    {
        m_lastAccepted = identification;
    }
}

bool
MipReplayProtector::IsDuplicateOfLastAccepted(uint64_t identification) const
{
    return m_lastAccepted && *m_lastAccepted == identification;
}

uint64_t
MipReplayProtector::MakeMismatchIdentification(uint64_t requestId, Time now) const
{
    return MipNtpTime::Compose(MipNtpTime::GetSeconds(ReadClock(now)),
                               MipIdentificationGenerator::LowBits(requestId));
}

std::optional<uint64_t>
MipReplayProtector::GetLastAccepted() const
{
    return m_lastAccepted;
}

void
MipReplayProtector::Reset()
{
    m_lastAccepted.reset();
}

void
MipReplayProtector::SetTolerance(Time tolerance)
{
    m_tolerance = tolerance;
}

Time
MipReplayProtector::GetTolerance() const
{
    return m_tolerance;
}

void
MipReplayProtector::SetClockOffset(Time offset)
{
    m_clockOffset = offset;
}

Time
MipReplayProtector::GetClockOffset() const
{
    return m_clockOffset;
}

} // namespace ns3
