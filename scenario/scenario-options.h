/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SCENARIO_OPTIONS_H
#define SCENARIO_OPTIONS_H

#include "probe-flow.h"
#include "scenario-recorder.h"

#include "ns3/command-line.h"
#include "ns3/nemo-network-helper.h"
#include "ns3/nstime.h"
#include "ns3/virtual-operator-topology-helper.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief The command line of a scenario program: each parameter is declared once, with the
 * variable that holds its default, and is both a CommandLine option (--name=value) and,
 * through Record(), a parameter of the run (summary.json "params", same name, typed as the
 * variable: bool, integer, double or string).
 */
class ScenarioOptions
{
  public:
    /// \param file the program's source file (__FILE__), for --help
    explicit ScenarioOptions(const std::string& file);

    /**
     * \brief Declares a parameter.
     * \tparam T bool, an integer type, double or std::string
     * \param name option and parameter name
     * \param help help text; a numeric parameter names its unit in brackets ("[s]",
     * "[ms]", "[octets]") or is a count ("number of ..."): the ctest help/<program> checks it
     * \param value holds the default; Parse() sets it; must outlive this object
     */
    template <typename T>
    void Add(const std::string& name, const std::string& help, T& value)
    {
        m_cmd.AddValue(name, help, value);
        m_record.emplace_back([name, &value](ScenarioRecorder& rec) { rec.SetParam(name, value); });
    }

    /**
     * \brief Declares --name like Add(), but Record() records it only when recordIf()
     * says so then (after Parse()): a new parameter that leaves the outputs of the runs
     * that do not use it byte-identical.
     * \tparam T bool, an integer type, double or std::string
     * \param name option name \param help help text \param value holds the default
     * \param recordIf whether to record it
     */
    template <class T>
    void AddRecordedIf(const std::string& name,
                       const std::string& help,
                       T& value,
                       std::function<bool()> recordIf)
    {
        m_cmd.AddValue(name, help, value);
        m_record.emplace_back([name, &value, recordIf](ScenarioRecorder& rec) {
            if (recordIf())
            {
                rec.SetParam(name, value);
            }
        });
    }

    /**
     * \brief Declares --pcap: when it is true after Parse(), checksums are enabled
     * (GlobalValue ChecksumEnabled), so that the captures show valid ones.
     * \param help help text \param pcap holds the default; must outlive this object
     */
    void AddPcap(const std::string& help, bool& pcap);

    /**
     * \brief Sets what --help prints above the parameters (CommandLine::Usage). Its first
     * line is the program's one-line purpose, which `./haaro list` shows.
     * \param usage the purpose line, optionally followed by more lines
     */
    void Usage(const std::string& usage);

    /// \param argc argument count \param argv arguments: parses the command line
    void Parse(int argc, char* argv[]);

    /// \param rec gets every declared parameter (SetParam) with its current value
    void Record(ScenarioRecorder& rec) const;

  private:
    CommandLine m_cmd;                                            //!< the command line
    std::vector<std::function<void(ScenarioRecorder&)>> m_record; //!< per parameter
    bool* m_pcap{nullptr};                                        //!< --pcap, if declared
};

/**
 * \ingroup haaro
 * \brief The parameters the virtual-operator scenarios with a few mobile routers share
 * (draft-example, handover, failover): link delays, probe datagrams, tunnel encapsulation,
 * static ARP, captures and the output directory, and how they configure the topology,
 * NEMO and probe flows. Set a scenario's defaults in the fields, then Declare().
 */
struct ScenarioCommonParams
{
    double duration{10};      //!< simulated time (s)
    double uplinkDelay{10};   //!< one-way delay of every MR uplink (ms)
    double coreDelay{5};      //!< ISP router <-> peering point (ms)
    double backendDelay{2};   //!< peering point <-> HA (ms)
    double interval{10};      //!< probe datagram interval, each direction (ms)
    uint32_t packetSize{200}; //!< probe datagram UDP payload (octets)
    bool gre{false};          //!< GRE instead of IP in IP for all tunnels
    bool udp{true};           //!< UDP direct tunnels (RFC 6521 recommends it: model default)
    bool staticArp{true};     //!< pre-filled site ARP caches (PopulateSiteArpCaches())
    bool pcap{false};         //!< captures into outDir
    std::string outDir;       //!< output directory

    /// \param options gets every field above as a parameter of the same name
    void Declare(ScenarioOptions& options);

    /**
     * \brief Links: default uplinks (10 Mb/s, uplinkDelay), ISP core and backend (1 Gb/s,
     * coreDelay and backendDelay).
     * \param helper the topology helper
     */
    void Configure(VirtualOperatorTopologyHelper& helper) const;
    /// \param isp an ISP index \return an uplink to it (10 Mb/s, uplinkDelay)
    VirtualOperatorTopologyHelper::UplinkConfig Uplink(uint32_t isp) const;
    /**
     * \brief Route optimization on; UseGre and RoUseGre from gre, RoUseUdp from udp.
     * \param nemo the NEMO helper
     */
    void Configure(NemoNetworkHelper& nemo) const;
    /// \param topology a built topology: its site ARP caches are filled if staticArp
    void Prepare(const VirtualOperatorTopology& topology) const;
    /**
     * \brief Staggered start: the router of site i starts (registers) at 1 + i seconds,
     * with random streams from 10 i; then the recorder watches the network
     * (ScenarioRecorder::Watch(const NemoNetwork&)).
     * \param network the NEMO network \param rec the recorder
     */
    void StartRouters(const NemoNetwork& network, ScenarioRecorder& rec) const;

    /**
     * \brief Creates a probe flow between the first hosts of two sites (interval,
     * packetSize, 3 inner-TTL hops via the HA) and adds it to the recorder; not installed.
     * \param rec the recorder \param topology the topology \param name flow name
     * \param from sending site \param to receiving site \param port UDP port
     * \return the flow
     */
    Ptr<ProbeFlow> CreateProbe(ScenarioRecorder& rec,
                               const VirtualOperatorTopology& topology,
                               const std::string& name,
                               uint32_t from,
                               uint32_t to,
                               uint16_t port) const;
};

/**
 * \ingroup haaro
 * \param ms milliseconds \return the time, rounded to a microsecond
 */
Time ScenarioMs(double ms);

} // namespace ns3

#endif /* SCENARIO_OPTIONS_H */
