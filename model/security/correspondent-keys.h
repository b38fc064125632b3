/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef CORRESPONDENT_KEYS_H
#define CORRESPONDENT_KEYS_H

#include "ns3/ipv4-address.h"
#include "ns3/mip-wire.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <deque>
#include <optional>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The Correspondent Router's return routability secrets: Kcr and the indexed
 * nonces (RFC 6521 sections 3.2.1-3.2.3; notes 1.5.2 and 1.6).
 *
 * Kcr is 16 random octets, created on first use and never disclosed (C1). Nonces are
 * 64-bit random values indexed 1, 2, 3, ... (index 0 means "pre-shared KRm" and is never
 * issued; after 65535 the index wraps to 1). They are generated lazily: a token request
 * at time t uses the current nonce if it was first used less than the nonce interval
 * (default 30 s) before t, and otherwise generates the next one, whose first use is t.
 * No event is scheduled, so the same sequence of calls (with the same random stream)
 * gives the same Kcr and nonces.
 *
 * A nonce is accepted (CheckNonce() VALID) until MAX_NONCE_LIFETIME (240 s) after its
 * first use, never beyond (C3). As a nonce is used for tokens only during the first
 * interval after its first use, a token is accepted for at least 240 s - interval after
 * it was made: at least MAX_TOKEN_LIFETIME (210 s) with an interval of at most 30 s
 * (longer intervals are refused). Nonces no longer acceptable are forgotten when the
 * next one is generated, so at most 240/interval + 1 are kept (9 with 30 s).
 *
 * The Correspondent Router keeps no per-Mobile-Router state: tokens are recomputed from
 * Kcr, the nonce index and the address when a Registration Request arrives.
 */
class CorrespondentKeys
{
  public:
    /// Default interval between nonces.
    static constexpr uint32_t DEFAULT_NONCE_INTERVAL_S = 30;

    /// Kcr stays empty until first use.
    CorrespondentKeys();

    /**
     * \param rng the stream all randomness (Kcr, nonces) is drawn from; without one, a
     * UniformRandomVariable is created on first use
     */
    void SetRandomStream(Ptr<UniformRandomVariable> rng);

    /**
     * \param t interval after the first use of a nonce at which the next one is generated
     * (default 30 s); must be positive and at most MAX_NONCE_LIFETIME -
     * MAX_TOKEN_LIFETIME (30 s), otherwise aborts (C3 could not hold)
     */
    void SetNonceInterval(Time t);
    /// \return the nonce interval
    Time GetNonceInterval() const;

    /// \return Kcr, 16 random octets, created on first use (C1)
    const MipBytes& GetKcr();

    /// A keygen token and the index of the nonce it was made with.
    struct Token
    {
        uint16_t nonceIndex; //!< nonce index (1-65535)
        MipBytes token;      //!< the 8-octet keygen token
    };

    /**
     * \param mrHomeAddress the home address in the HoTI
     * \param now current time
     * \return the home keygen token with the current nonce (generated, and its first use
     * recorded, if needed)
     */
    Token MakeHomeToken(Ipv4Address mrHomeAddress, Time now);
    /**
     * \param careOf the CoTI's IP source address as received
     * \param now current time
     * \return the care-of keygen token with the current nonce (generated, and its first
     * use recorded, if needed)
     */
    Token MakeCareOfToken(Ipv4Address careOf, Time now);

    /// Whether a nonce index may still be used.
    enum class NonceStatus
    {
        VALID,   //!< issued and not older than MAX_NONCE_LIFETIME after its first use
        EXPIRED, //!< too old, forgotten, or never issued (including index 0)
    };

    /**
     * \param index nonce index
     * \param now current time
     * \return VALID iff the nonce was issued and now <= first use + MAX_NONCE_LIFETIME
     */
    NonceStatus CheckNonce(uint16_t index, Time now) const;

    /**
     * \param index nonce index (from the Registration Request)
     * \param mrHomeAddress the Mobile Router's home address
     * \param now current time
     * \return the home keygen token recomputed, or nullopt if the nonce is expired
     */
    std::optional<MipBytes> HomeToken(uint16_t index, Ipv4Address mrHomeAddress, Time now) const;
    /**
     * \param index nonce index (from the Registration Request)
     * \param careOf the care-of address as seen (the request's IP source address)
     * \param now current time
     * \return the care-of keygen token recomputed, or nullopt if the nonce is expired
     */
    std::optional<MipBytes> CareOfToken(uint16_t index, Ipv4Address careOf, Time now) const;

    /**
     * \param index nonce index
     * \return the nonce value if it is still kept (for tests and traces)
     */
    std::optional<uint64_t> GetNonce(uint16_t index) const;
    /**
     * \param index nonce index
     * \return the time of its first use if it is still kept
     */
    std::optional<Time> GetNonceFirstUse(uint16_t index) const;
    /// \return the index of the current (newest) nonce, if any was generated
    std::optional<uint16_t> GetCurrentNonceIndex() const;
    /// \return the number of nonces kept
    size_t GetNonceCount() const;

  private:
    /// One issued nonce.
    struct Nonce
    {
        uint16_t index; //!< its index
        uint64_t value; //!< 64 random bits
        Time firstUse;  //!< when it was first used (= generated)
    };

    /// \return the random stream, created if none was set
    Ptr<UniformRandomVariable> Rng();
    /// \param now current time \return the nonce to use for a new token
    const Nonce& CurrentNonce(Time now);
    /// \param index nonce index \return the kept nonce with that index, or nullptr
    const Nonce* FindNonce(uint16_t index) const;
    /// \param n nonce \param now current time \return true if still acceptable
    static bool Acceptable(const Nonce& n, Time now);

    Ptr<UniformRandomVariable> m_rng; //!< source of all randomness
    Time m_interval;                  //!< nonce interval
    MipBytes m_kcr;                   //!< Kcr (empty until first use)
    std::deque<Nonce> m_nonces;       //!< kept nonces, oldest first
    uint16_t m_lastIndex{0};          //!< index of the last nonce generated (0: none)
};

} // namespace ns3

#endif /* CORRESPONDENT_KEYS_H */
