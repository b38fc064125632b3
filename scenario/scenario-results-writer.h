/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SCENARIO_RESULTS_WRITER_H
#define SCENARIO_RESULTS_WRITER_H

#include "probe-flow.h"
#include "scenario-event-log.h"
#include "scenario-node-names.h"
#include "scenario-value.h"

#include "ns3/net-device.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup haaro
 * \brief Writes the files of the results contract (doc/results-format.md) of one scenario
 * run into one output directory: summary.json (typed parameters and metrics, sorted by
 * key; RngRun and RngSeed added to the parameters), events.csv (the rows of a
 * ScenarioEventLog), topology.json (the named nodes of a ScenarioNodeNames and the links
 * between them), samples.csv (the arrivals of the probe flows) and scenario tables.
 *
 * Output is deterministic: no wall-clock time, no pointer values, stable order, times
 * printed from integer nanoseconds, doubles with %.9g.
 */
class ScenarioResultsWriter
{
  public:
    /**
     * \param scenario scenario name (summary.json "scenario")
     * \param outDir output directory (created when the files are written, or by
     *        EnablePcap())
     * \param names the named nodes (topology.json, pcap file names)
     * \param log the rows of events.csv
     */
    ScenarioResultsWriter(const std::string& scenario,
                          const std::string& outDir,
                          const ScenarioNodeNames& names,
                          const ScenarioEventLog& log);

    /// \return the output directory
    const std::string& GetOutDir() const;
    /// \param key parameter name \param value its value (replaces an earlier one)
    void SetParam(const std::string& key, const ScenarioValue& value);
    /// \param key metric name (SI unit suffix) \param value its value
    void SetMetric(const std::string& key, const ScenarioValue& value);
    /// \param flow a probe flow whose samples go into samples.csv
    void AddProbe(Ptr<ProbeFlow> flow);
    /**
     * \brief Samples of a flow measured without a ProbeFlow, into samples.csv.
     * \param flow its name \param samples they (read when the files are written; must
     * outlive the writer's last Write())
     */
    void AddSamples(const std::string& flow, const std::vector<ProbeSample>& samples);
    /// Not for a temporary: the writer keeps a pointer to the samples.
    void AddSamples(const std::string& flow, std::vector<ProbeSample>&& samples) = delete;
    /**
     * \brief Declares a scenario table (e.g. failover.csv).
     * \param file file name in the output directory \param header its column names
     */
    void AddTable(const std::string& file, const std::vector<std::string>& header);
    /// \param file a declared table \param row one value per column
    void AddRow(const std::string& file, const std::vector<ScenarioValue>& row);
    /**
     * \brief Writes `<outDir>/<node>-<interface>.pcap` for a point-to-point or CSMA
     * device (promiscuous). Call before Simulator::Run().
     * \param device the device
     * \return the file name (without the directory); empty for another kind of device
     */
    std::string EnablePcap(Ptr<NetDevice> device);

    /// \brief Writes summary.json, events.csv, topology.json, samples.csv (if there are
    /// probes) and the tables into the output directory (created if needed).
    void Write() const;

    /// \return the summary.json text
    std::string SummaryJson() const;
    /// \return the events.csv text
    std::string EventsCsv() const;
    /// \return the topology.json text (the named nodes and the links between them)
    std::string TopologyJson() const;
    /// \return the samples.csv text
    std::string SamplesCsv() const;

  private:
    /// A named node.
    using NamedNode = ScenarioNodeNames::NamedNode;

    std::string m_scenario;                         //!< scenario name
    std::string m_outDir;                           //!< output directory
    const ScenarioNodeNames& m_names;               //!< named nodes
    const ScenarioEventLog& m_log;                  //!< events.csv rows
    std::map<std::string, ScenarioValue> m_params;  //!< parameters
    std::map<std::string, ScenarioValue> m_metrics; //!< metrics
    std::vector<Ptr<ProbeFlow>> m_probes;           //!< kept alive
    std::vector<std::pair<std::string, const std::vector<ProbeSample>*>> m_flows; //!< samples
    std::vector<std::string> m_tableOrder;                                      //!< tables in order
    std::map<std::string, std::vector<std::string>> m_tableHeaders;             //!< per table
    std::map<std::string, std::vector<std::vector<ScenarioValue>>> m_tableRows; //!< rows
};

} // namespace ns3

#endif /* SCENARIO_RESULTS_WRITER_H */
