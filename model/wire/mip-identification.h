/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef MIP_IDENTIFICATION_H
#define MIP_IDENTIFICATION_H

#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <optional>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Conversions between ns-3 simulation time and 64-bit NTP timestamps (RFC 5905:
 * seconds since 1900-01-01T00:00:00Z in the high 32 bits, binary fraction of a second in
 * the low 32 bits), the format of a timestamp Identification (RFC 5944 section 5.7).
 *
 * A node's clock reads simulation time + clock offset + epoch, where the epoch is the NTP
 * seconds value that simulation time 0 maps to (by default 2026-01-01T00:00:00Z). The
 * seconds field wraps modulo 2^32 (NTP eras); ToTime() and the comparisons below use
 * serial-number arithmetic, so values within +/-68 years of each other compare correctly.
 */
class MipNtpTime
{
  public:
    /// NTP seconds of 2026-01-01T00:00:00Z, the default epoch (simulation time 0).
    static constexpr uint32_t DEFAULT_EPOCH_SECONDS = 3976214400U;

    /**
     * \brief Reads a clock as an NTP timestamp.
     * \param simTime simulation time (e.g. Simulator::Now())
     * \param clockOffset error of the node's clock (positive: the clock is fast)
     * \param epochSeconds NTP seconds at simulation time 0
     * \return the timestamp; the fraction is rounded down (nanosecond clock resolution)
     */
    static uint64_t ToNtp(Time simTime,
                          Time clockOffset = Time(0),
                          uint32_t epochSeconds = DEFAULT_EPOCH_SECONDS);

    /**
     * \brief Inverse of ToNtp(): the simulation time at which a clock reads the timestamp.
     * \param ntp timestamp
     * \param clockOffset error of the clock that reads it
     * \param epochSeconds NTP seconds at simulation time 0
     * \return simulation time, rounded up to the next nanosecond, so that
     *         ToTime(ToNtp(t)) == t for any t with nanosecond resolution
     */
    static Time ToTime(uint64_t ntp,
                       Time clockOffset = Time(0),
                       uint32_t epochSeconds = DEFAULT_EPOCH_SECONDS);

    /**
     * \param seconds NTP seconds \param fraction binary fraction (units of 2^-32 s)
     * \return the 64-bit timestamp
     */
    static uint64_t Compose(uint32_t seconds, uint32_t fraction);
    /// \param ntp timestamp \return its seconds (high 32 bits)
    static uint32_t GetSeconds(uint64_t ntp);
    /// \param ntp timestamp \return its fraction (low 32 bits)
    static uint32_t GetFraction(uint64_t ntp);

    /**
     * \param a timestamp \param b timestamp
     * \return a - b as a (signed) duration, rounded towards minus infinity to nanoseconds
     */
    static Time Difference(uint64_t a, uint64_t b);

    /**
     * \param a timestamp \param b timestamp
     * \return true if a is strictly later than b (serial-number comparison on 64 bits)
     */
    static bool IsLater(uint64_t a, uint64_t b);
};

/**
 * \ingroup haaro
 * \brief Timestamp Identifications of a mobile node (router) for one mobility security
 * association (RFC 5944 section 5.7).
 *
 * Next() reads the node's clock (simulation time + clock offset) as an NTP timestamp and
 * never returns a value that is not strictly greater than the previous one: when the clock
 * has not advanced (several requests at the same simulation time) or was set back by
 * SetClockOffset(), the previous value + 1 (in units of 2^-32 s) is used instead.
 *
 * Low-order fraction bits: by default the generator is deterministic (the fraction comes
 * from the nanosecond clock; its two lowest bits are then always those of floor(ns *
 * 2^32 / 10^9)). SetRandomLowBits(n) replaces the n lowest bits of each clock reading with
 * random bits, as RFC 5944 5.7 allows for the bits a clock does not provide; the stream is
 * an ns-3 UniformRandomVariable fixed with AssignStreams().
 *
 * The one exception to monotonicity is Resynchronize() after a code-133 reply: the home
 * agent's clock is authoritative, so if this node's clock was fast its next Identification
 * is taken from the resynchronised clock even though that is below earlier values (those
 * were out of the home agent's window anyway).
 */
class MipIdentificationGenerator
{
  public:
    /**
     * \param clockOffset error of this node's clock (positive: fast)
     * \param epochSeconds NTP seconds at simulation time 0
     */
    explicit MipIdentificationGenerator(Time clockOffset = Time(0),
                                        uint32_t epochSeconds = MipNtpTime::DEFAULT_EPOCH_SECONDS);

    /**
     * \brief Produces the Identification of the next (or retransmitted) request.
     * \param now current simulation time
     * \return a timestamp Identification strictly greater than every earlier one since the
     *         last Resynchronize()
     */
    uint64_t Next(Time now);

    /**
     * \brief RFC 5944 5.7 resynchronisation after a reply with code 133 (identification
     * mismatch). The reply's high 32 bits carry the home agent's time in seconds; the clock
     * offset is set so that this node's clock reads exactly that value (fraction 0) at now.
     * Call it only for an authenticated reply.
     * \param replyIdentification Identification of the 133 reply
     * \param now simulation time at which the reply was received
     * \return false (and nothing changes) if no request was generated yet or the reply's low
     *         32 bits do not match the last Identification returned by Next()
     */
    bool Resynchronize(uint64_t replyIdentification, Time now);

    /**
     * \param identification a 64-bit Identification
     * \return its low-order 32 bits, the part a reply echoes (RFC 5944 section 5.7)
     */
    static uint32_t LowBits(uint64_t identification);

    /**
     * \brief The mobile node's check on a reply: its low 32 bits must equal those of the
     * last request sent, otherwise the reply is discarded (RFC 5944 section 5.7).
     * \param replyId Identification of the received reply
     * \param requestId Identification of the last request sent
     * \return true if the reply belongs to that request
     */
    static bool MatchesRequest(uint64_t replyId, uint64_t requestId);

    /// \param offset new clock error (positive: fast); Next() stays monotonic
    void SetClockOffset(Time offset);
    /// \return the clock error
    Time GetClockOffset() const;
    /// \return NTP seconds at simulation time 0
    uint32_t GetEpochSeconds() const;

    /**
     * \param now simulation time
     * \return this node's clock as an NTP timestamp (no monotonicity, no random bits)
     */
    uint64_t ReadClock(Time now) const;

    /// \return the last value Next() returned, if any
    std::optional<uint64_t> GetLast() const;

    /**
     * \param bits number of low-order bits (0-32) replaced by random bits in every clock
     *        reading; 0 (the default) keeps the generator deterministic
     */
    void SetRandomLowBits(uint8_t bits);
    /// \return number of random low-order bits
    uint8_t GetRandomLowBits() const;

    /**
     * \param stream first random-variable stream to use
     * \return number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

  private:
    Time m_clockOffset;                  //!< clock error of the node
    uint32_t m_epochSeconds;             //!< NTP seconds at simulation time 0
    std::optional<uint64_t> m_last;      //!< last value returned by Next()
    std::optional<uint64_t> m_floor;     //!< Next() returns values above this one
    uint8_t m_randomLowBits{0};          //!< low bits taken from m_random
    Ptr<UniformRandomVariable> m_random; //!< source of the random low bits
};

/**
 * \ingroup haaro
 * \brief Outcome of the home agent's replay check.
 */
enum class MipReplayResult : uint8_t
{
    ACCEPT,                //!< within the window and greater than every accepted value
    REJECT_OUT_OF_WINDOW,  //!< farther than the tolerance from the home agent's clock
    REJECT_NOT_INCREASING, //!< not greater than the last accepted value (replay, duplicate)
};

/**
 * \ingroup haaro
 * \param result outcome
 * \return its name ("ACCEPT", ...)
 */
const char* MipReplayResultToString(MipReplayResult result);

/**
 * \ingroup haaro
 * \brief Home agent side of timestamp replay protection for one mobile node (RFC 5944
 * section 5.7).
 *
 * Check() accepts an Identification that is within the tolerance of the home agent's own
 * NTP clock (|Identification - clock| <= tolerance, both directions) and strictly greater
 * than every previously accepted value. Accept() records a value once the whole request
 * has been accepted (authentication and all other checks passed). When Check() fails, the
 * reply (code 133) carries MakeMismatchIdentification().
 */
class MipReplayProtector
{
  public:
    /// Default tolerance: 7 s (RFC 5944 5.7: MAY be used, SHOULD be more than 3 s).
    static Time DefaultTolerance();

    /**
     * \param tolerance largest accepted distance from the home agent's clock
     * \param clockOffset error of the home agent's clock (positive: fast)
     * \param epochSeconds NTP seconds at simulation time 0
     */
    explicit MipReplayProtector(Time tolerance = DefaultTolerance(),
                                Time clockOffset = Time(0),
                                uint32_t epochSeconds = MipNtpTime::DEFAULT_EPOCH_SECONDS);

    /**
     * \param identification Identification of a received request
     * \param now simulation time
     * \return the outcome (the window is checked first); nothing is recorded
     */
    MipReplayResult Check(uint64_t identification, Time now) const;

    /**
     * \brief Records an accepted Identification (call only after the whole request was
     * accepted). A value not greater than the recorded one is ignored.
     * \param identification Identification of the accepted request
     */
    void Accept(uint64_t identification);

    /**
     * \param identification Identification of a received request
     * \return true if it equals the last accepted value (a duplicate request, which must
     *         not extend the binding's lifetime, RFC 5944 section 3.8)
     */
    bool IsDuplicateOfLastAccepted(uint64_t identification) const;

    /**
     * \brief Identification of a code-133 reply: the home agent's NTP seconds in the high
     * 32 bits, the request's low 32 bits in the low 32 bits.
     * \param requestId Identification of the rejected request
     * \param now simulation time
     * \return the reply's Identification
     */
    uint64_t MakeMismatchIdentification(uint64_t requestId, Time now) const;

    /// \param now simulation time \return the home agent's clock as an NTP timestamp
    uint64_t ReadClock(Time now) const;

    /// \return the last accepted Identification, if any
    std::optional<uint64_t> GetLastAccepted() const;
    /// \brief Forgets the accepted values (e.g. when the binding is removed).
    void Reset();

    /// \param tolerance largest accepted distance from the home agent's clock
    void SetTolerance(Time tolerance);
    /// \return the tolerance
    Time GetTolerance() const;
    /// \param offset error of the home agent's clock (positive: fast)
    void SetClockOffset(Time offset);
    /// \return error of the home agent's clock
    Time GetClockOffset() const;

  private:
    Time m_tolerance;                       //!< window half-width
    Time m_clockOffset;                     //!< home agent clock error
    uint32_t m_epochSeconds;                //!< NTP seconds at simulation time 0
    std::optional<uint64_t> m_lastAccepted; //!< greatest accepted Identification
};

} // namespace ns3

#endif /* MIP_IDENTIFICATION_H */
