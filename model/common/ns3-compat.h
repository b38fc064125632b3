/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NS3_COMPAT_H
#define NS3_COMPAT_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <utility>

/**
 * \file
 * \ingroup haaro
 * The two ns-3 constructs haaro uses that have no form common to ns-3.35 (the last waf
 * release) and ns-3.36+ (CMake): a Callback made from a lambda, and a lambda scheduled as
 * an event. The wscript defines HAARO_NS3_WAF_TREE (a waf tree is ns-3.35 or older); the
 * CMake builds (ns-3.36 and later) do not.
 */

namespace ns3
{

#ifdef HAARO_NS3_WAF_TREE
/**
 * \ingroup haaro
 * A functor that ns-3.35's FunctorCallbackImpl can hold: it compares functors with !=,
 * which a lambda lacks. Two of them are never equal (as two lambda Callbacks of ns-3.36+).
 */
template <typename F>
struct UncomparableFunctor
{
    F f; //!< the functor

    /**
     * Calls the functor.
     * \param args the arguments
     * \return what the functor returns
     */
    template <typename... Args>
    auto operator()(Args&&... args)
    {
        return f(std::forward<Args>(args)...);
    }

    /**
     * \return true: two functors are never equal
     */
    bool operator!=(const UncomparableFunctor&) const
    {
        return true;
    }
};
#endif

/**
 * \ingroup haaro
 * \return a Callback<R, Args...> that calls f (a lambda or another functor)
 * \param f the functor
 *
 * ns-3.36+ converts a functor to a Callback implicitly; ns-3.35's Callback takes a functor
 * only through its (functor, bool, bool) constructor, which ns-3.36+ reads as two bound
 * arguments.
 */
template <typename R, typename... Args, typename F>
Callback<R, Args...>
MakeFunctorCallback(F f)
{
#ifdef HAARO_NS3_WAF_TREE
    return Callback<R, Args...>(UncomparableFunctor<F>{f}, true, true);
#else
    return Callback<R, Args...>(f);
#endif
}

/**
 * \ingroup haaro
 * Calls a copy of f (the event that HaaroSchedule() schedules).
 * \param f the functor
 */
template <typename F>
void
CallFunctor(F f)
{
    f();
}

/**
 * \ingroup haaro
 * Simulator::Schedule(delay, f) for a lambda f: ns-3.35's Simulator::Schedule takes
 * functions and member functions but no lambda (ns-3.36 added it); both versions take a
 * function with its arguments.
 * \param delay the delay
 * \param f the functor, called without arguments
 * \return the event
 */
template <typename F>
EventId
HaaroSchedule(const Time& delay, F f)
{
    return Simulator::Schedule(delay, &CallFunctor<F>, f);
}

/**
 * \ingroup haaro
 * Simulator::ScheduleNow(f) for a lambda f (see HaaroSchedule()).
 * \param f the functor, called without arguments
 * \return the event
 */
template <typename F>
EventId
HaaroScheduleNow(F f)
{
    return Simulator::ScheduleNow(&CallFunctor<F>, f);
}

} // namespace ns3

#endif // NS3_COMPAT_H
